// Which +1 numbers are in the United States (for Meta's block on marketing templates to US
// numbers): US area codes yes; Canada, the Caribbean and other countries no.
#include "server/whatsapp/phone_regions.h"

#include <gtest/gtest.h>

namespace socialite::whatsapp {
namespace {

TEST(PhoneRegionsTest, UnitedStatesAreaCodesAreUs) {
  EXPECT_TRUE(IsUnitedStatesNumber("12065550100"));  // Seattle
  EXPECT_TRUE(IsUnitedStatesNumber("12125550100"));  // New York
  EXPECT_TRUE(IsUnitedStatesNumber("14255550123"));  // Bellevue
  EXPECT_TRUE(IsUnitedStatesNumber("13105550100"));  // Los Angeles
}

TEST(PhoneRegionsTest, UsTerritoriesAreUs) {
  EXPECT_TRUE(IsUnitedStatesNumber("17875550100"));  // Puerto Rico
  EXPECT_TRUE(IsUnitedStatesNumber("16715550100"));  // Guam
}

TEST(PhoneRegionsTest, CanadianAreaCodesAreNotUs) {
  EXPECT_FALSE(IsUnitedStatesNumber("14165550100"));  // Toronto
  EXPECT_FALSE(IsUnitedStatesNumber("16045550100"));  // Vancouver
  EXPECT_FALSE(IsUnitedStatesNumber("15145550100"));  // Montreal
  EXPECT_FALSE(IsUnitedStatesNumber("18675550100"));  // Yukon and the territories
}

TEST(PhoneRegionsTest, CaribbeanAreaCodesAreNotUs) {
  EXPECT_FALSE(IsUnitedStatesNumber("18765550100"));  // Jamaica
  EXPECT_FALSE(IsUnitedStatesNumber("12425550100"));  // Bahamas
  EXPECT_FALSE(IsUnitedStatesNumber("18095550100"));  // Dominican Republic
  EXPECT_FALSE(IsUnitedStatesNumber("14415550100"));  // Bermuda
  EXPECT_FALSE(IsUnitedStatesNumber("18685550100"));  // Trinidad and Tobago
}

TEST(PhoneRegionsTest, NumbersOutsideThePlusOneZoneAreNotUs) {
  EXPECT_FALSE(IsUnitedStatesNumber("442071838750"));   // United Kingdom
  EXPECT_FALSE(IsUnitedStatesNumber("5511955550100"));  // Brazil
  EXPECT_FALSE(IsUnitedStatesNumber("4915123456789"));  // Germany
}

TEST(PhoneRegionsTest, PlusOneNumbersOfTheWrongLengthAreNotUs) {
  EXPECT_FALSE(IsUnitedStatesNumber("1206555010"));    // 10 digits
  EXPECT_FALSE(IsUnitedStatesNumber("120655501000"));  // 12 digits
  EXPECT_FALSE(IsUnitedStatesNumber("2065550100"));    // no country code
  EXPECT_FALSE(IsUnitedStatesNumber(""));
}

// Group recipients reach the check with their opaque group id as the wa_id.
TEST(PhoneRegionsTest, NonDigitIdsAreNotUsAndDoNotThrow) {
  EXPECT_FALSE(IsUnitedStatesNumber("1abcdefghij"));
  EXPECT_FALSE(IsUnitedStatesNumber("1-206555010"));
}

}  // namespace
}  // namespace socialite::whatsapp
