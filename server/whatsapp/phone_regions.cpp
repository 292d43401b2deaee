#include "server/whatsapp/phone_regions.h"

#include <algorithm>
#include <array>

namespace socialite::whatsapp {
namespace {

// North American Numbering Plan area codes outside the United States and its territories:
// Canada, then the Caribbean nations and Bermuda.
constexpr std::array<int, 70> kNonUsAreaCodes = {
    204, 226, 236, 249, 250, 257, 263, 289, 306, 343, 354, 365, 367, 368, 382, 387, 403, 416,
    418, 428, 431, 437, 438, 450, 460, 468, 474, 506, 514, 519, 548, 579, 581, 584, 587, 604,
    613, 639, 647, 672, 683, 705, 709, 742, 753, 778, 780, 782, 807, 819, 825, 867, 873, 879,
    902, 905, 242, 246, 264, 268, 284, 345, 441, 473, 649, 658, 664, 721, 758, 767};
constexpr std::array<int, 9> kMoreNonUsAreaCodes = {784, 809, 829, 849, 868, 869, 876, 600, 622};

}  // namespace

bool IsUnitedStatesNumber(const std::string& wa_id) {
  if (wa_id.size() != 11 || wa_id[0] != '1' ||
      wa_id.find_first_not_of("0123456789") != std::string::npos)
    return false;
  int area = std::stoi(wa_id.substr(1, 3));
  auto listed = [area](const auto& codes) {
    return std::find(codes.begin(), codes.end(), area) != codes.end();
  };
  return !listed(kNonUsAreaCodes) && !listed(kMoreNonUsAreaCodes);
}

}  // namespace socialite::whatsapp
