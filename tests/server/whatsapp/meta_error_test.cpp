#include "server/whatsapp/meta_error.h"

#include <gtest/gtest.h>

#include <string>

namespace socialite::whatsapp {
namespace {

TEST(MetaErrorTest, KnownCodesHaveMetasTitles) {
  EXPECT_EQ(MetaErrorTitle(100), "Invalid parameter");
  EXPECT_EQ(MetaErrorTitle(131009), "Parameter value is not valid");
  EXPECT_EQ(MetaErrorTitle(131047), "Re-engagement message");
  EXPECT_EQ(MetaErrorTitle(132000),
            "Number of parameters does not match the expected number of params");
  EXPECT_EQ(MetaErrorTitle(2388040), "Character limit exceeded");
  EXPECT_EQ(MetaErrorTitle(2388047), "Message header format is incorrect");
  EXPECT_EQ(MetaErrorTitle(2388072), "Message body format is incorrect");
  EXPECT_EQ(MetaErrorTitle(2388073), "Message footer format is incorrect");
  EXPECT_EQ(MetaErrorTitle(2388293), "Parameters words ratio exceeds limit");
  EXPECT_EQ(MetaErrorTitle(2388299), "Leading or trailing parameters not allowed");
}

TEST(MetaErrorTest, EveryCodeOfTheFactsTableHasATitle) {
  // spec/whatsapp-facts.md §4, row by row.
  const int codes[] = {0,       3,       4,      10,     100,    190,    192,     368,     80007,
                       130429,  130472,  130497, 131000, 131005, 131008, 131009,  131016,  131021,
                       131026,  131030,  131031, 131037, 131042, 131045, 131047,  131048,  131049,
                       131050,  131051,  131052, 131053, 131056, 131057, 131062,  131063,  131064,
                       132000,  132001,  132005, 132007, 132008, 132012, 132015,  132016,  132068,
                       132069,  133010,  133016, 135000, 137000, 200002, 2388019, 2388040, 2388047,
                       2388073, 2388293, 2388299};
  for (int code : codes) {
    EXPECT_FALSE(MetaErrorTitle(code).empty()) << code;
  }
}

TEST(MetaErrorTest, PermissionFamilyCoversTwoHundreds) {
  EXPECT_EQ(MetaErrorTitle(200), "API Permission");
  EXPECT_EQ(MetaErrorTitle(250), "API Permission");
  EXPECT_EQ(MetaErrorTitle(299), "API Permission");
  EXPECT_EQ(MetaErrorTitle(300), "");
}

TEST(MetaErrorTest, UnknownCodeHasNoTitle) {
  EXPECT_EQ(MetaErrorTitle(999999), "");
  EXPECT_EQ(MetaErrorTitle(-1), "");
}

TEST(MetaErrorTest, MakeLooksUpTheTitle) {
  MetaError error = MakeMetaError(2388040, "BODY text is 1100 characters; the limit is 1024");
  EXPECT_EQ(error.code, 2388040);
  EXPECT_EQ(error.title, "Character limit exceeded");
  EXPECT_EQ(error.details, "BODY text is 1100 characters; the limit is 1024");
}

TEST(MetaErrorTest, MessageHasMetasForm) {
  EXPECT_EQ(MakeMetaError(131009, "to is not a phone number").Message(),
            "(#131009) Parameter value is not valid: to is not a phone number");
  EXPECT_EQ(MakeMetaError(130429, "").Message(), "(#130429) Rate limit hit");
}

}  // namespace
}  // namespace socialite::whatsapp
