#include "server/ops/bounded_value.h"

#include <gtest/gtest.h>

#include <string>

#include "server/core/json.h"
#include "server/core/utf8.h"

namespace socialite::ops {
namespace {

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

TEST(BoundedValueTest, SmallValuesAreCopiedAsTheyAre) {
  Value input = Value::Object()
                    .Set("id", "waba-1")
                    .Set("n", 3)
                    .Set("blob", Blob{"abc"})
                    .Set("tags", Value::List().Push(Value::Object().Set("key", "k")));
  BoundedValue copy = BoundedCopy(input);
  EXPECT_EQ(copy.value, input);
  EXPECT_GT(copy.bytes, 0u);
}

TEST(BoundedValueTest, LongStringsAreCutOnACodePointWithAMarker) {
  std::string text = "a" + std::string(3000, '\x01');
  for (int i = 0; i < 1000; ++i) text += "\xC3\xA9";  // é
  BoundedValue copy = BoundedCopy(Value(text), {.max_string_bytes = 4000});
  const std::string& kept = copy.value.AsString();
  EXPECT_TRUE(EndsWith(kept, "...[cut: 5001 bytes in all]")) << kept.substr(3990);
  std::string prefix = kept.substr(0, kept.find("...[cut"));
  EXPECT_EQ(prefix.size(), 3999u);  // 4000 would split an é
  EXPECT_TRUE(IsValidUtf8(prefix));
}

TEST(BoundedValueTest, LongBlobsBecomeTheBase64OfTheirStartWithAMarker) {
  BoundedValue copy = BoundedCopy(Value(Blob{std::string(10000, 'b')}), {.max_string_bytes = 8});
  EXPECT_EQ(copy.value, Value(Base64Encode("bbbbbb") + "...[cut: 10000 bytes in all]"));
}

TEST(BoundedValueTest, ContainersAreCutAfterMaxMembersWithAMarker) {
  Value list = Value::List();
  Value object = Value::Object();
  for (int i = 0; i < 10; ++i) {
    list.Push(i);
    object.Set("k" + std::to_string(i), i);
  }
  EXPECT_EQ(WriteJson(BoundedCopy(list, {.max_members = 3}).value),
            R"([0,1,2,"...[cut: 7 more items]"])");
  EXPECT_EQ(WriteJson(BoundedCopy(object, {.max_members = 2}).value),
            R"({"k0":0,"k1":1,"...[cut]":"8 more members"})");
}

TEST(BoundedValueTest, DeepNestingIsCutAtMaxDepth) {
  Value deep = Value("bottom");
  for (int i = 0; i < 5; ++i) deep = Value::Object().Set("d", std::move(deep));
  EXPECT_EQ(WriteJson(BoundedCopy(deep, {.max_depth = 2}).value),
            R"({"d":{"d":"...[cut: nested deeper than 2 levels]"}})");
}

TEST(BoundedValueTest, TheWholeCopyStaysNearItsByteBudget) {
  Value wide = Value::List();
  for (int i = 0; i < 100; ++i) wide.Push(std::string(1000, 'w'));
  Value input = Value::List();
  for (int i = 0; i < 100; ++i) input.Push(wide);
  ValueBounds bounds{
      .max_string_bytes = 4096, .max_members = 100, .max_depth = 16, .max_total_bytes = 64 * 1024};
  BoundedValue copy = BoundedCopy(input, bounds);
  // One string past the budget at most, plus the markers that close each open container.
  EXPECT_LT(copy.bytes, bounds.max_total_bytes + 4096);
  EXPECT_LT(WriteJson(copy.value).size(), bounds.max_total_bytes + 4096);
}

}  // namespace
}  // namespace socialite::ops
