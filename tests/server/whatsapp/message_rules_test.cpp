#include "server/whatsapp/message_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

namespace socialite::whatsapp {
namespace {

// `text` repeated `times` times (multi-byte text shows limits count code points, not bytes).
std::string Times(const std::string& text, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out += text;
  return out;
}

// A message to a fixed number with the given members after `to`.
std::string Send(const std::string& members) {
  return R"({"messaging_product":"whatsapp","to":"+1 (650) 555-1234",)" + members + "}";
}

std::string Interactive(const std::string& members) {
  return Send(R"("type":"interactive","interactive":{)" + members + "}");
}

std::string Template(const std::string& members) {
  return Send(R"("type":"template","template":{)" + members + "}");
}

// A template body component with the given parameter objects.
std::string TemplateBody(const std::string& parameters) {
  return Template(R"("name":"t","language":{"code":"en_US"},"components":[)"
                  R"({"type":"body","parameters":[)" +
                  parameters + "]}]");
}

// A reply-button message with the given buttons.
std::string Buttons(const std::string& buttons) {
  return Interactive(R"("type":"button","body":{"text":"Pick"},"action":{"buttons":[)" + buttons +
                     "]}");
}

std::string Reply(const std::string& id, const std::string& title) {
  return R"({"type":"reply","reply":{"id":")" + id + R"(","title":")" + title + R"("}})";
}

// A list message with the given sections.
std::string List(const std::string& sections) {
  return Interactive(R"("type":"list","body":{"text":"Menu"},"action":{"button":"Open",)"
                     R"("sections":[)" +
                     sections + "]}");
}

std::string Rows(int count, const std::string& prefix) {
  std::string rows;
  for (int i = 0; i < count; ++i) {
    rows += (i == 0 ? "" : ",") + std::string(R"({"id":")") + prefix + std::to_string(i) +
            R"(","title":"Row"})";
  }
  return "[" + rows + "]";
}

std::string FlowParameters(const std::string& members) {
  return Interactive(R"("type":"flow","body":{"text":"Go"},"action":{"name":"flow",)"
                     R"("parameters":{)" +
                     members + "}}");
}

std::string Contacts(int count) {
  std::string contacts;
  for (int i = 0; i < count; ++i) {
    contacts += (i == 0 ? "" : ",") + std::string(R"({"name":{"formatted_name":"Ana"}})");
  }
  return Send(R"("type":"contacts","contacts":[)" + contacts + "]");
}

std::string Describe(const std::variant<MessagePlan, MetaError>& result) {
  if (const MetaError* error = std::get_if<MetaError>(&result)) {
    return "MetaError " + std::to_string(error->code) + ": " + error->details;
  }
  return "a MessagePlan";
}

// ---------------------------------------------------------------------------------------
// Valid messages of every type.

struct ValidCase {
  std::string name;
  std::string json;
  std::string type;  // the plan's type ("" for mark-as-read)
};

std::vector<ValidCase> ValidCases() {
  return {
      {"TextMinimal", Send(R"("type":"text","text":{"body":"hello"})"), "text"},
      {"TextTypeDefaultsToText", Send(R"("text":{"body":"hello"})"), "text"},
      {"TextWithPreviewUrl", Send(R"("type":"text","text":{"body":"x","preview_url":true})"),
       "text"},
      {"TextAtLimit", Send(R"("text":{"body":")" + Times("a", 4096) + R"("})"), "text"},
      {"TextLimitCountsCodePoints", Send(R"("text":{"body":")" + Times("é", 4096) + R"("})"),
       "text"},
      {"TextWithContextAndCallbackData",
       Send(R"("recipient_type":"individual","type":"text","text":{"body":"re"},)"
            R"("context":{"message_id":"wamid.ABC"},"biz_opaque_callback_data":")" +
            Times("b", 512) + R"(","recipient_identity_key_hash":"h")"),
       "text"},
      {"NullMembersCountAsAbsent", Send(R"("type":"text","text":{"body":"x","preview_url":null})"),
       "text"},
      {"ImageById",
       Send(R"("type":"image","image":{"id":"4490709327384033","caption":")" + Times("c", 1024) +
            R"("})"),
       "image"},
      {"ImageByLink", Send(R"("type":"image","image":{"link":"https://example.com/a.jpg"})"),
       "image"},
      {"ImageLinkSchemeIgnoresCase", Send(R"("type":"image","image":{"link":"HTTPS://x.io/a"})"),
       "image"},
      {"VideoWithCaption", Send(R"("type":"video","video":{"id":"1","caption":"clip"})"), "video"},
      {"DocumentWithFilename",
       Send(R"("type":"document","document":{"link":"https://x.io/f.pdf","caption":"c",)"
            R"("filename":"f.pdf"})"),
       "document"},
      {"AudioById", Send(R"("type":"audio","audio":{"id":"123"})"), "audio"},
      {"StickerByLink", Send(R"("type":"sticker","sticker":{"link":"https://x.io/s.webp"})"),
       "sticker"},
      {"LocationNumbers",
       Send(R"("type":"location","location":{"latitude":37.758056,"longitude":-122.425332,)"
            R"("name":"Park","address":"Dolores St"})"),
       "location"},
      {"LocationStrings",
       Send(R"("type":"location","location":{"latitude":"37.75","longitude":"-122.42"})"),
       "location"},
      {"LocationBounds", Send(R"("type":"location","location":{"latitude":-90,"longitude":180})"),
       "location"},
      {"ContactsOne", Contacts(1), "contacts"},
      {"ContactsFive", Contacts(5), "contacts"},
      {"ContactFull",
       Send(R"("type":"contacts","contacts":[{"name":{"formatted_name":"Ana Li",)"
            R"("first_name":"Ana","last_name":"Li"},"birthday":"1990-02-28",)"
            R"("phones":[{"phone":"+1 650","type":"WORK","wa_id":"1650"}],)"
            R"("emails":[{"email":"a@x.io"}],"urls":[{"url":"https://x.io"}],)"
            R"("addresses":[{"city":"Oslo","type":"HOME"}],"org":{"company":"X"}}])"),
       "contacts"},
      {"ReactionEmoji",
       Send(R"("type":"reaction","reaction":{"message_id":"wamid.A","emoji":"😀"})"), "reaction"},
      {"ReactionEscapedEmoji",
       Send(R"("type":"reaction","reaction":{"message_id":"wamid.A","emoji":"\uD83D\uDE00"})"),
       "reaction"},
      {"ReactionRemoved",
       Send(R"("type":"reaction","reaction":{"message_id":"wamid.A","emoji":""})"), "reaction"},
      {"ReactionFlag",
       Send(R"("type":"reaction","reaction":{"message_id":"wamid.A","emoji":"🇳🇴"})"), "reaction"},
      {"ReactionZwjFamily",
       Send(
           R"("type":"reaction","reaction":{"message_id":"wamid.A","emoji":"👨‍👩‍👧‍👦"})"),
       "reaction"},
      {"ReactionSkinTone",
       Send(R"("type":"reaction","reaction":{"message_id":"wamid.A","emoji":"👍🏽"})"),
       "reaction"},
      {"ReactionKeycap",
       Send(R"("type":"reaction","reaction":{"message_id":"wamid.A","emoji":"1️⃣"})"),
       "reaction"},
      {"ReactionHeartWithSelector",
       Send(R"("type":"reaction","reaction":{"message_id":"wamid.A","emoji":"❤️"})"),
       "reaction"},
      {"InteractiveButtons",
       Interactive(R"("type":"button","header":{"type":"image","image":{"id":"77"}},)"
                   R"("body":{"text":"Pick"},"footer":{"text":")" +
                   Times("f", 60) + R"("},"action":{"buttons":[)" + Reply("a", "Yes") + "," +
                   Reply(Times("i", 256), Times("t", 20)) + "," + Reply("c", "Later") + "]}"),
       "interactive"},
      {"InteractiveButtonTextHeader",
       Interactive(R"("type":"button","header":{"type":"text","text":")" + Times("h", 60) +
                   R"("},"body":{"text":")" + Times("b", 1024) + R"("},"action":{"buttons":[)" +
                   Reply("a", "Yes") + "]}"),
       "interactive"},
      {"InteractiveButtonDocumentHeader",
       Interactive(R"("type":"button","header":{"type":"document","document":)"
                   R"({"link":"https://x.io/a.pdf","filename":"a.pdf"}},"body":{"text":"Pick"},)"
                   R"("action":{"buttons":[)" +
                   Reply("a", "Yes") + "]}"),
       "interactive"},
      {"InteractiveListTenRowsOverTwoSections",
       List(R"({"title":")" + Times("s", 24) + R"(","rows":)" + Rows(4, "a") +
            R"(},)"
            R"({"title":"Two","rows":)" +
            Rows(6, "b") + "}"),
       "interactive"},
      {"InteractiveListSingleSectionWithoutTitle",
       List(R"({"rows":[{"id":")" + Times("r", 200) + R"(","title":")" + Times("t", 24) +
            R"(","description":")" + Times("d", 72) + R"("}]})"),
       "interactive"},
      {"InteractiveCtaUrl",
       Interactive(R"("type":"cta_url","header":{"type":"video","video":{"id":"5"}},)"
                   R"("body":{"text":"See"},"action":{"name":"cta_url","parameters":)"
                   R"({"display_text":")" +
                   Times("d", 20) + R"(","url":"https://x.io/p?q=1"}})"),
       "interactive"},
      {"InteractiveFlowById",
       FlowParameters(R"("flow_message_version":"3","flow_id":"1234","flow_cta":")" +
                      Times("c", 30) + R"(")"),
       "interactive"},
      {"InteractiveFlowByNameWithOptions",
       FlowParameters(R"("flow_message_version":"3","flow_name":"signup","flow_cta":"Open",)"
                      R"("mode":"draft","flow_token":"tok","flow_action":"navigate",)"
                      R"("flow_action_payload":{"screen":"WELCOME","data":{"k":1}})"),
       "interactive"},
      {"InteractiveProductWithoutBody",
       Interactive(R"("type":"product","action":{"catalog_id":"1","product_retailer_id":"sku"})"),
       "interactive"},
      {"InteractiveProductList",
       Interactive(R"("type":"product_list","header":{"type":"text","text":"Shop"},)"
                   R"("body":{"text":"Pick"},"action":{"catalog_id":"1","sections":[)"
                   R"({"title":"A","product_items":[{"product_retailer_id":"x"}]},)"
                   R"({"title":"B","product_items":[{"product_retailer_id":"y"}]}]})"),
       "interactive"},
      {"InteractiveCatalogMessage",
       Interactive(R"("type":"catalog_message","body":{"text":"Browse"},"action":)"
                   R"({"name":"catalog_message","parameters":)"
                   R"({"thumbnail_product_retailer_id":"sku"}})"),
       "interactive"},
      {"InteractiveLocationRequest",
       Interactive(R"("type":"location_request_message","body":{"text":"Where?"},)"
                   R"("action":{"name":"send_location"})"),
       "interactive"},
      {"InteractiveCallPermissionRequest",
       Interactive(R"("type":"call_permission_request","body":{"text":"May we call?"},)"
                   R"("action":{"name":"call_permission_request"})"),
       "interactive"},
      {"TemplateWithoutComponents", Template(R"("name":"hello_world","language":{"code":"en_US"})"),
       "template"},
      {"TemplateFactsExample",
       Template(
           R"("name":"order_update","language":{"code":"en_US","policy":"deterministic"},)"
           R"("components":[)"
           R"({"type":"header","parameters":[{"type":"image","image":{"link":"https://x.io/i.png"}}]},)"
           R"({"type":"body","parameters":[{"type":"text","text":"Ana"},)"
           R"({"type":"currency","currency":{"fallback_value":"$10.99","code":"USD","amount_1000":10990}},)"
           R"({"type":"date_time","date_time":{"fallback_value":"May 5, 2025"}}]},)"
           R"({"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"YES"}]},)"
           R"({"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"order/123"}]}])"),
       "template"},
      {"TemplateUpperCaseTypesAndNumericIndex",
       Template(R"("name":"t","language":{"code":"en"},"components":[)"
                R"({"type":"BUTTON","sub_type":"CATALOG","index":0,"parameters":)"
                R"([{"type":"action","action":{"thumbnail_product_retailer_id":"s"}}]}])"),
       "template"},
      {"TemplateParameterKinds",
       TemplateBody(R"({"type":"text","text":")" + Times("t", 32768) +
                    R"("},{"type":"coupon_code","coupon_code":"SAVE10"})"),
       "template"},
      {"TemplateLocationHeader",
       Template(R"("name":"t","language":{"code":"en"},"components":[{"type":"header",)"
                R"("parameters":[{"type":"location","location":{"latitude":"1","longitude":2,)"
                R"("name":"N","address":"A"}}]}])"),
       "template"},
      {"MarkRead", R"({"messaging_product":"whatsapp","status":"read","message_id":"wamid.IN"})",
       ""},
      {"MarkReadWithTypingIndicator",
       R"({"messaging_product":"whatsapp","status":"read","message_id":"wamid.IN",)"
       R"("typing_indicator":{"type":"text"}})",
       ""},
      {"GroupRecipient",
       R"({"messaging_product":"whatsapp","recipient_type":"group","to":"Y2FwaV9ncm91cDox",)"
       R"("type":"text","text":{"body":"hi all"}})",
       "text"},
  };
}

class ValidMessageTest : public testing::TestWithParam<ValidCase> {};

TEST_P(ValidMessageTest, IsAccepted) {
  std::variant<MessagePlan, MetaError> result = CheckOutboundMessage(GetParam().json);
  const MessagePlan* plan = std::get_if<MessagePlan>(&result);
  ASSERT_NE(plan, nullptr) << Describe(result);
  EXPECT_EQ(plan->type, GetParam().type);
}

INSTANTIATE_TEST_SUITE_P(EveryType, ValidMessageTest, testing::ValuesIn(ValidCases()),
                         [](const testing::TestParamInfo<ValidCase>& info) {
                           return info.param.name;
                         });

// ---------------------------------------------------------------------------------------
// Invalid messages: each rule with Meta's code and the field path in the details.

struct InvalidCase {
  std::string name;
  std::string json;
  int code;
  std::string details;  // a fragment of MetaError::details
};

std::vector<InvalidCase> InvalidCases() {
  const std::string bad_utf8 = "{\"messaging_product\":\"whatsapp\",\"to\":\"\xff\xfe\"}";
  return {
      // The blob itself.
      {"NotJson", "{\"messaging_product\":", 100, "not valid UTF-8 JSON"},
      {"NotUtf8", bad_utf8, 100, "not valid UTF-8 JSON"},
      {"ArrayRoot", "[]", 100, "must be a JSON object, not an array"},
      {"StringRoot", "\"hi\"", 100, "must be a JSON object, not a string"},
      // Top-level members.
      {"ProductMissing", R"({"to":"16505551234","text":{"body":"x"}})", 131008,
       "messaging_product is required"},
      {"ProductOther", R"({"messaging_product":"sms","to":"16505551234","text":{"body":"x"}})", 100,
       "messaging_product must be \"whatsapp\""},
      {"ProductNotString", R"({"messaging_product":1,"to":"16505551234","text":{"body":"x"}})", 100,
       "messaging_product must be a string, not an integer"},
      {"RecipientTypeUnknown", Send(R"("recipient_type":"broadcast","text":{"body":"x"})"), 100,
       "recipient_type must be one of individual, group"},
      {"ToMissing", R"({"messaging_product":"whatsapp","text":{"body":"x"}})", 131008,
       "to is required"},
      {"ToNotString", R"({"messaging_product":"whatsapp","to":16505551234,"text":{"body":"x"}})",
       100, "to must be a string"},
      {"ToLetters", R"({"messaging_product":"whatsapp","to":"call me","text":{"body":"x"}})",
       131009, "to \"call me\" is not a phone number or WhatsApp id"},
      {"ToTooShort", R"({"messaging_product":"whatsapp","to":"+123 456","text":{"body":"x"}})",
       131009, "is not a phone number"},
      {"ToTooLong",
       R"({"messaging_product":"whatsapp","to":"1234567890123456","text":{"body":"x"}})", 131009,
       "is not a phone number"},
      {"ToPlusInside",
       R"({"messaging_product":"whatsapp","to":"1+6505551234","text":{"body":"x"}})", 131009,
       "is not a phone number"},
      {"ToEmpty", R"({"messaging_product":"whatsapp","to":"","text":{"body":"x"}})", 131009,
       "is not a phone number"},
      {"GroupToEmpty",
       R"({"messaging_product":"whatsapp","recipient_type":"group","to":"","text":{"body":"x"}})",
       131009, "to must not be empty"},
      {"TypeUnknown", Send(R"("type":"sms","sms":{})"), 131051,
       "type \"sms\" is not a supported message type"},
      {"TypeOrderDetails", Send(R"("type":"order_details","order_details":{})"), 131051,
       "not a supported message type"},
      {"TypeNotString", Send(R"("type":7,"text":{"body":"x"})"), 100,
       "type must be a string, not an integer"},
      {"TypeObjectMissing", Send(R"("type":"image")"), 131008, "image is required"},
      {"TypeObjectNotObject", Send(R"("type":"text","text":"hi")"), 100,
       "text must be an object, not a string"},
      {"ContactsNotArray", Send(R"("type":"contacts","contacts":{"name":{}})"), 100,
       "contacts must be an array, not an object"},
      {"ContextNotObject", Send(R"("text":{"body":"x"},"context":"wamid.A")"), 100,
       "context must be an object"},
      {"ContextMessageIdMissing", Send(R"("text":{"body":"x"},"context":{})"), 131008,
       "context.message_id is required"},
      {"CallbackDataTooLong",
       Send(R"("text":{"body":"x"},"biz_opaque_callback_data":")" + Times("b", 513) + R"(")"),
       131009, "biz_opaque_callback_data is 513 characters; the limit is 512"},
      {"CallbackDataNotString", Send(R"("text":{"body":"x"},"biz_opaque_callback_data":{})"), 100,
       "biz_opaque_callback_data must be a string"},
      // text
      {"TextBodyMissing", Send(R"("text":{"preview_url":true})"), 131008, "text.body is required"},
      {"TextBodyEmpty", Send(R"("text":{"body":""})"), 131009, "text.body must not be empty"},
      {"TextBodyTooLong", Send(R"("text":{"body":")" + Times("a", 5000) + R"("})"), 131009,
       "text.body is 5000 characters; the limit is 4096"},
      {"TextBodyTooLongInCodePoints", Send(R"("text":{"body":")" + Times("é", 4097) + R"("})"),
       131009, "text.body is 4097 characters"},
      {"TextBodyNotString", Send(R"("text":{"body":42})"), 100,
       "text.body must be a string, not an integer"},
      {"TextPreviewUrlNotBool", Send(R"("text":{"body":"x","preview_url":"yes"})"), 100,
       "text.preview_url must be a boolean"},
      // media
      {"MediaNeitherIdNorLink", Send(R"("type":"image","image":{"caption":"c"})"), 131008,
       "image.id or image.link is required"},
      {"MediaBothIdAndLink",
       Send(R"("type":"image","image":{"id":"1","link":"https://x.io/a.jpg"})"), 131009,
       "image has both id and link"},
      {"MediaIdNotDigits", Send(R"("type":"video","video":{"id":"abc"})"), 131009,
       "video.id \"abc\" is not a media id"},
      {"MediaIdNotString", Send(R"("type":"image","image":{"id":123})"), 100,
       "image.id must be a string, not an integer"},
      {"MediaLinkHttp", Send(R"("type":"image","image":{"link":"http://x.io/a.jpg"})"), 131009,
       "image.link \"http://x.io/a.jpg\" is not an https:// URL"},
      {"MediaLinkNoHost", Send(R"("type":"document","document":{"link":"https:///a.pdf"})"), 131009,
       "document.link"},
      {"MediaLinkWithSpace", Send(R"("type":"audio","audio":{"link":"https://x.io/a b.ogg"})"),
       131009, "audio.link"},
      {"ImageCaptionTooLong",
       Send(R"("type":"image","image":{"id":"1","caption":")" + Times("c", 1025) + R"("})"), 131009,
       "image.caption is 1025 characters; the limit is 1024"},
      {"DocumentCaptionTooLong",
       Send(R"("type":"document","document":{"id":"1","caption":")" + Times("c", 1025) + R"("})"),
       131009, "document.caption is 1025 characters"},
      {"AudioCaption", Send(R"("type":"audio","audio":{"id":"1","caption":"c"})"), 100,
       "audio.caption is not supported"},
      {"StickerCaption", Send(R"("type":"sticker","sticker":{"id":"1","caption":"c"})"), 100,
       "sticker.caption is not supported"},
      {"ImageFilename", Send(R"("type":"image","image":{"id":"1","filename":"a.jpg"})"), 100,
       "image.filename is only supported for documents"},
      // location
      {"LatitudeMissing", Send(R"("type":"location","location":{"longitude":1})"), 131008,
       "location.latitude is required"},
      {"LongitudeMissing", Send(R"("type":"location","location":{"latitude":1})"), 131008,
       "location.longitude is required"},
      {"LatitudeOutOfRange",
       Send(R"("type":"location","location":{"latitude":90.5,"longitude":0})"), 131009,
       "location.latitude is 90.5; it must be between -90 and 90"},
      {"LongitudeOutOfRange",
       Send(R"("type":"location","location":{"latitude":0,"longitude":"-180.1"})"), 131009,
       "location.longitude is -180.1; it must be between -180 and 180"},
      {"LatitudeNotNumeric",
       Send(R"("type":"location","location":{"latitude":"north","longitude":0})"), 131009,
       "location.latitude \"north\" is not a number"},
      {"LatitudeWrongType", Send(R"("type":"location","location":{"latitude":true,"longitude":0})"),
       100, "location.latitude must be a number, not a boolean"},
      {"LocationNameNotString",
       Send(R"("type":"location","location":{"latitude":1,"longitude":2,"name":5})"), 100,
       "location.name must be a string"},
      // contacts
      {"ContactsEmpty", Send(R"("type":"contacts","contacts":[])"), 131009,
       "contacts has 0 entries; it must have 1 to 5"},
      {"ContactsSix", Contacts(6), 131009, "contacts has 6 entries; it must have 1 to 5"},
      {"ContactNotObject", Send(R"("type":"contacts","contacts":["Ana"])"), 100,
       "contacts[0] must be an object"},
      {"ContactNameMissing", Send(R"("type":"contacts","contacts":[{"phones":[]}])"), 131008,
       "contacts[0].name is required"},
      {"ContactFormattedNameMissing",
       Send(R"("type":"contacts","contacts":[{"name":{"formatted_name":"A"}},)"
            R"({"name":{"first_name":"B"}}])"),
       131008, "contacts[1].name.formatted_name is required"},
      {"ContactPhonesNotArray",
       Send(R"("type":"contacts","contacts":[{"name":{"formatted_name":"A"},"phones":{}}])"), 100,
       "contacts[0].phones must be an array"},
      {"ContactEmailNotObject",
       Send(R"("type":"contacts","contacts":[{"name":{"formatted_name":"A"},"emails":["a@x"]}])"),
       100, "contacts[0].emails[0] must be an object"},
      {"ContactBirthdayMalformed",
       Send(R"("type":"contacts","contacts":[{"name":{"formatted_name":"A"},)"
            R"("birthday":"28/02/1990"}])"),
       131009, "contacts[0].birthday \"28/02/1990\" is not a YYYY-MM-DD date"},
      // reaction
      {"ReactionMessageIdMissing", Send(R"("type":"reaction","reaction":{"emoji":"😀"})"), 131008,
       "reaction.message_id is required"},
      {"ReactionEmojiMissing", Send(R"("type":"reaction","reaction":{"message_id":"wamid.A"})"),
       131008, "reaction.emoji is required"},
      {"ReactionEmojiText",
       Send(R"("type":"reaction","reaction":{"message_id":"wamid.A","emoji":"ok"})"), 131009,
       "reaction.emoji \"ok\" is not a single emoji"},
      {"ReactionEmojiDigitWithoutKeycap",
       Send(R"("type":"reaction","reaction":{"message_id":"wamid.A","emoji":"1"})"), 131009,
       "is not a single emoji"},
      {"ReactionTwoEmoji",
       Send(R"("type":"reaction","reaction":{"message_id":"wamid.A","emoji":"😀😀"})"), 131009,
       "is not a single emoji"},
      {"ReactionEmojiStartsWithJoiner",
       Send(R"("type":"reaction","reaction":{"message_id":"wamid.A","emoji":"\u200D😀"})"), 131009,
       "is not a single emoji"},
      {"ReactionEmojiTooManyCodePoints",
       Send(
           R"("type":"reaction","reaction":{"message_id":"wamid.A","emoji":"👨‍👩‍👧‍👦‍👦‍👦"})"),
       131009, "is not a single emoji"},
      {"ReactionEmojiNotString",
       Send(R"("type":"reaction","reaction":{"message_id":"wamid.A","emoji":1})"), 100,
       "reaction.emoji must be a string"},
      // interactive: common parts
      {"InteractiveTypeMissing", Interactive(R"("body":{"text":"x"},"action":{})"), 131008,
       "interactive.type is required"},
      {"InteractiveTypeUnknown", Interactive(R"("type":"poll","body":{"text":"x"},"action":{})"),
       100, "interactive.type must be one of button, list"},
      {"InteractiveActionMissing", Interactive(R"("type":"button","body":{"text":"x"})"), 131008,
       "interactive.action is required"},
      {"InteractiveBodyMissing",
       Interactive(R"("type":"button","action":{"buttons":[)" + Reply("a", "A") + "]}"), 131008,
       "interactive.body is required"},
      {"InteractiveBodyTextMissing",
       Interactive(R"("type":"button","body":{},"action":{"buttons":[)" + Reply("a", "A") + "]}"),
       131008, "interactive.body.text is required"},
      {"InteractiveBodyTooLong",
       Interactive(R"("type":"button","body":{"text":")" + Times("b", 1025) +
                   R"("},"action":{"buttons":[)" + Reply("a", "A") + "]}"),
       131009, "interactive.body.text is 1025 characters; the limit is 1024"},
      {"InteractiveFooterTooLong",
       Interactive(R"("type":"button","body":{"text":"b"},"footer":{"text":")" + Times("f", 61) +
                   R"("},"action":{"buttons":[)" + Reply("a", "A") + "]}"),
       131009, "interactive.footer.text is 61 characters; the limit is 60"},
      {"InteractiveHeaderTextTooLong",
       Interactive(R"("type":"button","header":{"type":"text","text":")" + Times("h", 61) +
                   R"("},"body":{"text":"b"},"action":{"buttons":[)" + Reply("a", "A") + "]}"),
       131009, "interactive.header.text is 61 characters; the limit is 60"},
      {"InteractiveHeaderTypeUnknown",
       Interactive(R"("type":"button","header":{"type":"audio","audio":{"id":"1"}},)"
                   R"("body":{"text":"b"},"action":{"buttons":[)" +
                   Reply("a", "A") + "]}"),
       100, "interactive.header.type must be one of text, image, video, document"},
      {"InteractiveHeaderMediaMissing",
       Interactive(R"("type":"button","header":{"type":"image"},"body":{"text":"b"},)"
                   R"("action":{"buttons":[)" +
                   Reply("a", "A") + "]}"),
       131008, "interactive.header.image is required"},
      {"InteractiveHeaderMediaHttpLink",
       Interactive(R"("type":"button","header":{"type":"image","image":{"link":"http://x.io/a"}},)"
                   R"("body":{"text":"b"},"action":{"buttons":[)" +
                   Reply("a", "A") + "]}"),
       131009, "interactive.header.image.link"},
      {"InteractiveListMediaHeader",
       Interactive(R"("type":"list","header":{"type":"image","image":{"id":"1"}},)"
                   R"("body":{"text":"b"},"action":{"button":"Open","sections":[{"rows":)" +
                   Rows(1, "r") + "}]}"),
       100, "interactive.header.type \"image\" is not supported for interactive type list"},
      {"InteractiveProductHeader",
       Interactive(R"("type":"product","header":{"type":"text","text":"h"},)"
                   R"("action":{"catalog_id":"1","product_retailer_id":"s"})"),
       100, "interactive.header is not supported for interactive type product"},
      {"InteractiveProductListHeaderMissing",
       Interactive(R"("type":"product_list","body":{"text":"b"},"action":{"catalog_id":"1",)"
                   R"("sections":[{"product_items":[{"product_retailer_id":"x"}]}]})"),
       131008, "interactive.header is required"},
      // interactive: reply buttons
      {"ButtonsNone", Buttons(""), 131009,
       "interactive.action.buttons has 0 buttons; it must have 1 to 3"},
      {"ButtonsFour",
       Buttons(Reply("a", "A") + "," + Reply("b", "B") + "," + Reply("c", "C") + "," +
               Reply("d", "D")),
       131009, "interactive.action.buttons has 4 buttons"},
      {"ButtonsMissing", Interactive(R"("type":"button","body":{"text":"b"},"action":{})"), 131008,
       "interactive.action.buttons is required"},
      {"ButtonTypeNotReply", Buttons(R"({"type":"url","reply":{"id":"a","title":"A"}})"), 100,
       "interactive.action.buttons[0].type must be one of reply"},
      {"ButtonReplyMissing", Buttons(R"({"type":"reply"})"), 131008,
       "interactive.action.buttons[0].reply is required"},
      {"ButtonIdTooLong", Buttons(Reply(Times("i", 257), "A")), 131009,
       "interactive.action.buttons[0].reply.id is 257 characters; the limit is 256"},
      {"ButtonIdEmpty", Buttons(Reply("", "A")), 131009,
       "interactive.action.buttons[0].reply.id must not be empty"},
      {"ButtonIdLeadingSpace", Buttons(Reply(" a", "A")), 131009,
       "must not have leading or trailing spaces"},
      {"ButtonIdTrailingSpace", Buttons(Reply("a", "A") + "," + Reply("b ", "B")), 131009,
       "interactive.action.buttons[1].reply.id \"b \" must not have leading or trailing spaces"},
      {"ButtonTitleTooLong", Buttons(Reply("a", Times("t", 21))), 131009,
       "interactive.action.buttons[0].reply.title is 21 characters; the limit is 20"},
      {"ButtonTitleEmpty", Buttons(Reply("a", "")), 131009,
       "interactive.action.buttons[0].reply.title must not be empty"},
      {"ButtonTitlesRepeat", Buttons(Reply("a", "Yes") + "," + Reply("b", "Yes")), 131009,
       "interactive.action.buttons[1].reply.title \"Yes\" repeats an earlier button title"},
      // interactive: list
      {"ListButtonMissing",
       Interactive(R"("type":"list","body":{"text":"b"},"action":{"sections":[]})"), 131008,
       "interactive.action.button is required"},
      {"ListButtonTooLong",
       Interactive(R"("type":"list","body":{"text":"b"},"action":{"button":")" + Times("b", 21) +
                   R"(","sections":[{"rows":)" + Rows(1, "r") + "}]}"),
       131009, "interactive.action.button is 21 characters; the limit is 20"},
      {"ListNoSections", List(""), 131009,
       "interactive.action.sections has 0 sections; it must have 1 to 10"},
      {"ListElevenSections",
       List(Times(R"({"title":"S","rows":[{"id":"x","title":"R"}]},)", 10) +
            R"({"title":"S","rows":[{"id":"y","title":"R"}]})"),
       131009, "interactive.action.sections has 11 sections"},
      {"ListSectionTitleMissing",
       List(R"({"title":"A","rows":)" + Rows(1, "a") + R"(},{"rows":)" + Rows(1, "b") + "}"),
       131008,
       "interactive.action.sections[1].title is required when there is more than one section"},
      {"ListSectionTitleTooLong",
       List(R"({"title":")" + Times("s", 25) + R"(","rows":)" + Rows(1, "a") + "}"), 131009,
       "interactive.action.sections[0].title is 25 characters; the limit is 24"},
      {"ListRowsMissing", List(R"({"title":"A"})"), 131008,
       "interactive.action.sections[0].rows is required"},
      {"ListRowsEmpty", List(R"({"title":"A","rows":[]})"), 131009,
       "interactive.action.sections[0].rows must have at least one row"},
      {"ListElevenRowsInTotal",
       List(R"({"title":"A","rows":)" + Rows(5, "a") + R"(},{"title":"B","rows":)" + Rows(6, "b") +
            "}"),
       131009, "interactive.action.sections has 11 rows in total; the limit is 10"},
      {"ListRowIdTooLong", List(R"({"rows":[{"id":")" + Times("r", 201) + R"(","title":"T"}]})"),
       131009, "interactive.action.sections[0].rows[0].id is 201 characters; the limit is 200"},
      {"ListRowIdRepeats",
       List(R"({"title":"A","rows":)" + Rows(2, "a") + R"(},{"title":"B","rows":)" + Rows(1, "a") +
            "}"),
       131009, "interactive.action.sections[1].rows[0].id \"a0\" repeats an earlier row id"},
      {"ListRowTitleTooLong", List(R"({"rows":[{"id":"r","title":")" + Times("t", 25) + R"("}]})"),
       131009, "interactive.action.sections[0].rows[0].title is 25 characters; the limit is 24"},
      {"ListRowTitleMissing", List(R"({"rows":[{"id":"r"}]})"), 131008,
       "interactive.action.sections[0].rows[0].title is required"},
      {"ListRowDescriptionTooLong",
       List(R"({"rows":[{"id":"r","title":"T","description":")" + Times("d", 73) + R"("}]})"),
       131009, "interactive.action.sections[0].rows[0].description is 73 characters"},
      // interactive: cta_url
      {"CtaUrlNameMissing",
       Interactive(R"("type":"cta_url","body":{"text":"b"},"action":{"parameters":)"
                   R"({"display_text":"Go","url":"https://x.io"}})"),
       131008, "interactive.action.name is required"},
      {"CtaUrlNameWrong",
       Interactive(R"("type":"cta_url","body":{"text":"b"},"action":{"name":"url","parameters":)"
                   R"({"display_text":"Go","url":"https://x.io"}})"),
       100, "interactive.action.name must be one of cta_url"},
      {"CtaUrlParametersMissing",
       Interactive(R"("type":"cta_url","body":{"text":"b"},"action":{"name":"cta_url"})"), 131008,
       "interactive.action.parameters is required"},
      {"CtaUrlDisplayTextTooLong",
       Interactive(R"("type":"cta_url","body":{"text":"b"},"action":{"name":"cta_url",)"
                   R"("parameters":{"display_text":")" +
                   Times("d", 21) + R"(","url":"https://x.io"}})"),
       131009, "interactive.action.parameters.display_text is 21 characters; the limit is 20"},
      {"CtaUrlNotHttps",
       Interactive(R"("type":"cta_url","body":{"text":"b"},"action":{"name":"cta_url",)"
                   R"("parameters":{"display_text":"Go","url":"ftp://x.io"}})"),
       131009, "interactive.action.parameters.url \"ftp://x.io\" is not an https:// URL"},
      {"CtaUrlUrlMissing",
       Interactive(R"("type":"cta_url","body":{"text":"b"},"action":{"name":"cta_url",)"
                   R"("parameters":{"display_text":"Go"}})"),
       131008, "interactive.action.parameters.url is required"},
      // interactive: flow
      {"FlowVersionWrong",
       FlowParameters(R"("flow_message_version":"2","flow_id":"1","flow_cta":"Go")"), 131009,
       "interactive.action.parameters.flow_message_version is \"2\"; it must be \"3\""},
      {"FlowVersionNumber",
       FlowParameters(R"("flow_message_version":3,"flow_id":"1","flow_cta":"Go")"), 100,
       "interactive.action.parameters.flow_message_version must be a string"},
      {"FlowIdAndNameMissing", FlowParameters(R"("flow_message_version":"3","flow_cta":"Go")"),
       131008,
       "interactive.action.parameters.flow_id or interactive.action.parameters.flow_name is "
       "required"},
      {"FlowIdAndNameBoth",
       FlowParameters(
           R"("flow_message_version":"3","flow_id":"1","flow_name":"n","flow_cta":"Go")"),
       131009, "has both flow_id and flow_name"},
      {"FlowCtaTooLong",
       FlowParameters(R"("flow_message_version":"3","flow_id":"1","flow_cta":")" + Times("c", 31) +
                      R"(")"),
       131009, "interactive.action.parameters.flow_cta is 31 characters; the limit is 30"},
      {"FlowCtaMissing", FlowParameters(R"("flow_message_version":"3","flow_id":"1")"), 131008,
       "interactive.action.parameters.flow_cta is required"},
      {"FlowModeUnknown",
       FlowParameters(R"("flow_message_version":"3","flow_id":"1","flow_cta":"Go","mode":"live")"),
       100, "interactive.action.parameters.mode must be one of draft, published"},
      {"FlowActionUnknown",
       FlowParameters(
           R"("flow_message_version":"3","flow_id":"1","flow_cta":"Go","flow_action":"jump")"),
       100, "interactive.action.parameters.flow_action must be one of navigate, data_exchange"},
      {"FlowIdNotDigits",
       FlowParameters(R"("flow_message_version":"3","flow_id":"abc","flow_cta":"Go")"), 131009,
       "interactive.action.parameters.flow_id \"abc\" is not a flow id"},
      {"FlowCtaWithEmoji",
       FlowParameters(R"("flow_message_version":"3","flow_id":"1","flow_cta":"Go \u2705")"), 131009,
       "interactive.action.parameters.flow_cta \"Go \u2705\" must not contain emoji"},
      {"FlowTokenEmpty",
       FlowParameters(
           R"("flow_message_version":"3","flow_id":"1","flow_cta":"Go","flow_token":"")"),
       131009, "interactive.action.parameters.flow_token must not be empty"},
      {"FlowPayloadWithDataExchange",
       FlowParameters(R"("flow_message_version":"3","flow_id":"1","flow_cta":"Go",)"
                      R"("flow_action":"data_exchange","flow_action_payload":{"screen":"A"})"),
       100,
       "interactive.action.parameters.flow_action_payload must be left out when flow_action is "
       "data_exchange"},
      {"FlowPayloadDataEmpty",
       FlowParameters(R"("flow_message_version":"3","flow_id":"1","flow_cta":"Go",)"
                      R"("flow_action_payload":{"screen":"A","data":{}})"),
       131009, "interactive.action.parameters.flow_action_payload.data must be a non-empty object"},
      {"FlowPayloadScreenEmpty",
       FlowParameters(R"("flow_message_version":"3","flow_id":"1","flow_cta":"Go",)"
                      R"("flow_action_payload":{"screen":""})"),
       131009, "interactive.action.parameters.flow_action_payload.screen must not be empty"},
      {"FlowBodyMissing",
       Interactive(R"("type":"flow","action":{"name":"flow","parameters":{)"
                   R"("flow_message_version":"3","flow_id":"1","flow_cta":"Go"}})"),
       131008, "interactive.body is required"},
      {"FlowActionNameWrong",
       Interactive(R"("type":"flow","body":{"text":"b"},"action":{"name":"form","parameters":{)"
                   R"("flow_message_version":"3","flow_id":"1","flow_cta":"Go"}})"),
       100, "interactive.action.name must be one of flow"},
      // template: flow buttons
      {"TemplateFlowButtonParameterNotAction",
       Template(R"("name":"t","language":{"code":"en_US"},"components":[)"
                R"({"type":"button","sub_type":"flow","index":"0","parameters":[)"
                R"({"type":"payload","payload":"x"}]}])"),
       100, "template.components[0].parameters[0].type must be one of action"},
      {"TemplateFlowButtonTwoParameters",
       Template(R"("name":"t","language":{"code":"en_US"},"components":[)"
                R"({"type":"button","sub_type":"flow","index":"0","parameters":[)"
                R"({"type":"action","action":{}},{"type":"action","action":{}}]}])"),
       131009, "template.components[0].parameters has 2 entries; a flow button takes at most one"},
      {"TemplateFlowButtonTokenNotString",
       Template(R"("name":"t","language":{"code":"en_US"},"components":[)"
                R"({"type":"button","sub_type":"flow","index":"0","parameters":[)"
                R"({"type":"action","action":{"flow_token":5}}]}])"),
       100, "template.components[0].parameters[0].action.flow_token must be a string"},
      {"TemplateFlowButtonDataEmpty",
       Template(R"("name":"t","language":{"code":"en_US"},"components":[)"
                R"({"type":"button","sub_type":"flow","index":"0","parameters":[)"
                R"({"type":"action","action":{"flow_action_data":{}}}]}])"),
       131009, "action.flow_action_data must be a non-empty object when given"},
      // interactive: the other types
      {"ProductCatalogIdMissing",
       Interactive(R"("type":"product","action":{"product_retailer_id":"s"})"), 131008,
       "interactive.action.catalog_id is required"},
      {"ProductListTooManyItems",
       Interactive(
           R"("type":"product_list","header":{"type":"text","text":"h"},)"
           R"("body":{"text":"b"},"action":{"catalog_id":"1","sections":[{"product_items":[)" +
           Times(R"({"product_retailer_id":"x"},)", 30) + R"({"product_retailer_id":"y"}]}]})"),
       131009, "interactive.action.sections has 31 products in total; the limit is 30"},
      {"LocationRequestNameWrong",
       Interactive(R"("type":"location_request_message","body":{"text":"b"},)"
                   R"("action":{"name":"location"})"),
       100, "interactive.action.name must be one of send_location"},
      {"LocationRequestHeader",
       Interactive(R"("type":"location_request_message","header":{"type":"text","text":"h"},)"
                   R"("body":{"text":"b"},"action":{"name":"send_location"})"),
       100, "interactive.header is not supported"},
      // template
      {"TemplateNameMissing", Template(R"("language":{"code":"en_US"})"), 131008,
       "template.name is required"},
      {"TemplateLanguageMissing", Template(R"("name":"t")"), 131008,
       "template.language is required"},
      {"TemplateLanguageNotObject", Template(R"("name":"t","language":"en_US")"), 100,
       "template.language must be an object, not a string"},
      {"TemplateLanguageCodeMissing",
       Template(R"("name":"t","language":{"policy":"deterministic"})"), 131008,
       "template.language.code is required"},
      {"TemplateLanguagePolicyUnknown",
       Template(R"("name":"t","language":{"code":"en","policy":"fallback"})"), 100,
       "template.language.policy must be one of deterministic"},
      {"TemplateComponentsNotArray",
       Template(R"("name":"t","language":{"code":"en"},"components":{})"), 100,
       "template.components must be an array"},
      {"TemplateComponentTypeMissing",
       Template(R"("name":"t","language":{"code":"en"},"components":[{"parameters":[]}])"), 131008,
       "template.components[0].type is required"},
      {"TemplateComponentTypeUnknown",
       Template(R"("name":"t","language":{"code":"en"},"components":[{"type":"footer"}])"), 100,
       "template.components[0].type must be one of header, body, button"},
      {"TemplateSecondBody",
       Template(R"("name":"t","language":{"code":"en"},"components":[{"type":"body"},)"
                R"({"type":"body"}])"),
       100, "template.components[1] is a second body component"},
      {"TemplateButtonSubTypeMissing",
       Template(R"("name":"t","language":{"code":"en"},"components":[{"type":"button",)"
                R"("index":"0","parameters":[]}])"),
       131008, "template.components[0].sub_type is required"},
      {"TemplateButtonSubTypeUnknown",
       Template(R"("name":"t","language":{"code":"en"},"components":[{"type":"button",)"
                R"("sub_type":"call","index":"0","parameters":[]}])"),
       100, "template.components[0].sub_type must be one of quick_reply"},
      {"TemplateButtonIndexMissing",
       Template(R"("name":"t","language":{"code":"en"},"components":[{"type":"button",)"
                R"("sub_type":"url","parameters":[]}])"),
       131008, "template.components[0].index is required"},
      {"TemplateButtonIndexTen",
       Template(R"("name":"t","language":{"code":"en"},"components":[{"type":"button",)"
                R"("sub_type":"url","index":"10","parameters":[]}])"),
       131009, "template.components[0].index is \"10\"; it must be \"0\" to \"9\""},
      {"TemplateButtonParametersMissing",
       Template(R"("name":"t","language":{"code":"en"},"components":[{"type":"button",)"
                R"("sub_type":"url","index":"0"}])"),
       131008, "template.components[0].parameters is required"},
      {"TemplateParameterNotObject", TemplateBody(R"("Ana")"), 100,
       "template.components[0].parameters[0] must be an object, not a string"},
      {"TemplateParameterTypeMissing", TemplateBody(R"({"text":"Ana"})"), 131008,
       "template.components[0].parameters[0].type is required"},
      {"TemplateParameterTypeUnknown", TemplateBody(R"({"type":"sticker","sticker":{}})"), 100,
       "template.components[0].parameters[0].type must be one of text, currency"},
      {"TemplateTextMissing", TemplateBody(R"({"type":"text"})"), 131008,
       "template.components[0].parameters[0].text is required"},
      {"TemplateTextEmpty", TemplateBody(R"({"type":"text","text":"a"},{"type":"text","text":""})"),
       131008, "template.components[0].parameters[1].text is required"},
      {"TemplateTextTooLong",
       TemplateBody(R"({"type":"text","text":")" + Times("t", 32769) + R"("})"), 131009,
       "template.components[0].parameters[0].text is 32769 characters; the limit is 32768"},
      {"TemplateCurrencyAmountMissing",
       TemplateBody(R"({"type":"currency","currency":{"fallback_value":"$1","code":"USD"}})"),
       131008, "template.components[0].parameters[0].currency.amount_1000 is required"},
      {"TemplateCurrencyAmountNotInteger",
       TemplateBody(
           R"({"type":"currency","currency":{"fallback_value":"$1","code":"USD","amount_1000":1.5}})"),
       100, "currency.amount_1000 must be an integer, not a number"},
      {"TemplateCurrencyCodeInvalid",
       TemplateBody(
           R"({"type":"currency","currency":{"fallback_value":"$1","code":"usd","amount_1000":1}})"),
       131009, "currency.code \"usd\" is not an ISO 4217 currency code"},
      {"TemplateCurrencyFallbackMissing",
       TemplateBody(R"({"type":"currency","currency":{"code":"USD","amount_1000":1}})"), 131008,
       "currency.fallback_value is required"},
      {"TemplateDateTimeFallbackMissing",
       TemplateBody(R"({"type":"date_time","date_time":{"year":2025}})"), 131008,
       "template.components[0].parameters[0].date_time.fallback_value is required"},
      {"TemplateMediaParameterNeitherIdNorLink", TemplateBody(R"({"type":"image","image":{}})"),
       131008, "template.components[0].parameters[0].image.id or"},
      {"TemplateMediaParameterCaption",
       TemplateBody(R"({"type":"video","video":{"id":"1","caption":"c"}})"), 100,
       "template.components[0].parameters[0].video.caption is not supported"},
      {"TemplatePayloadMissing",
       Template(R"("name":"t","language":{"code":"en"},"components":[{"type":"button",)"
                R"("sub_type":"quick_reply","index":"0","parameters":[{"type":"payload"}]}])"),
       131008, "template.components[0].parameters[0].payload is required"},
      // mark as read
      {"MarkReadStatusOther",
       R"({"messaging_product":"whatsapp","status":"delivered","message_id":"wamid.A"})", 100,
       "status must be one of read"},
      {"MarkReadMessageIdMissing", R"({"messaging_product":"whatsapp","status":"read"})", 131008,
       "message_id is required"},
      {"MarkReadTypingIndicatorUnknown",
       R"({"messaging_product":"whatsapp","status":"read","message_id":"wamid.A",)"
       R"("typing_indicator":{"type":"audio"}})",
       100, "typing_indicator.type must be one of text"},
  };
}

class InvalidMessageTest : public testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidMessageTest, IsRejectedWithMetaCode) {
  std::variant<MessagePlan, MetaError> result = CheckOutboundMessage(GetParam().json);
  const MetaError* error = std::get_if<MetaError>(&result);
  ASSERT_NE(error, nullptr) << "accepted: " << GetParam().json.substr(0, 300);
  EXPECT_EQ(error->code, GetParam().code) << error->details;
  EXPECT_NE(error->details.find(GetParam().details), std::string::npos)
      << "details: " << error->details << "\nwanted: " << GetParam().details;
  // The InvalidParametersException message carries the code in Meta's "(#code)" form.
  EXPECT_EQ(error->Message().rfind("(#" + std::to_string(GetParam().code) + ")", 0), 0u)
      << error->Message();
}

INSTANTIATE_TEST_SUITE_P(EveryRule, InvalidMessageTest, testing::ValuesIn(InvalidCases()),
                         [](const testing::TestParamInfo<InvalidCase>& info) {
                           return info.param.name;
                         });

// ---------------------------------------------------------------------------------------
// What the plan carries for the handler.

MessagePlan PlanOf(const std::string& json) {
  std::variant<MessagePlan, MetaError> result = CheckOutboundMessage(json);
  if (const MessagePlan* plan = std::get_if<MessagePlan>(&result)) return *plan;
  ADD_FAILURE() << Describe(result) << "\nfor " << json.substr(0, 300);
  return MessagePlan{};
}

TEST(MessagePlanTest, WaIdIsTheDigitsOfTo) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"+1 (650) 555-1234", "16505551234"},    {"16505551234", "16505551234"},
      {"+44 20.7183.8750", "442071838750"},    {"1234567", "1234567"},
      {"+123456789012345", "123456789012345"},
  };
  for (const auto& [to, wa_id] : cases) {
    MessagePlan plan =
        PlanOf(R"({"messaging_product":"whatsapp","to":")" + to + R"(","text":{"body":"x"}})");
    EXPECT_EQ(plan.to, to);
    EXPECT_EQ(plan.wa_id, wa_id) << to;
    EXPECT_EQ(plan.recipient_type, "individual");
  }
}

TEST(MessagePlanTest, TextCarriesReplyAndCallbackData) {
  MessagePlan plan =
      PlanOf(Send(R"("type":"text","text":{"body":"x"},"context":{"message_id":"wamid.Q"},)"
                  R"("biz_opaque_callback_data":"order-7")"));
  EXPECT_EQ(plan.kind, MessagePlan::Kind::kMessage);
  EXPECT_EQ(plan.type, "text");
  EXPECT_EQ(plan.reply_to, "wamid.Q");
  EXPECT_EQ(plan.biz_opaque_callback_data, "order-7");
  EXPECT_TRUE(plan.media.empty());
  EXPECT_FALSE(plan.template_send.has_value());
  EXPECT_FALSE(plan.reaction_target.has_value());
  EXPECT_FALSE(plan.read_message_id.has_value());
}

TEST(MessagePlanTest, MediaByIdIsReferenced) {
  MessagePlan plan = PlanOf(Send(R"("type":"image","image":{"id":"4490709327384033"})"));
  ASSERT_EQ(plan.media.size(), 1u);
  EXPECT_EQ(plan.media[0].kind, "image");
  EXPECT_EQ(plan.media[0].id, "4490709327384033");
  EXPECT_FALSE(plan.media[0].link.has_value());
  EXPECT_EQ(plan.media[0].where, "image");
}

TEST(MessagePlanTest, MediaByLinkIsReferenced) {
  MessagePlan plan =
      PlanOf(Send(R"("type":"document","document":{"link":"https://x.io/f.pdf","filename":"f"})"));
  ASSERT_EQ(plan.media.size(), 1u);
  EXPECT_EQ(plan.media[0].kind, "document");
  EXPECT_FALSE(plan.media[0].id.has_value());
  EXPECT_EQ(plan.media[0].link, "https://x.io/f.pdf");
  EXPECT_EQ(plan.media[0].where, "document");
}

TEST(MessagePlanTest, InteractiveHeaderMediaIsReferenced) {
  MessagePlan plan = PlanOf(Interactive(
      R"("type":"button","header":{"type":"video","video":{"id":"42"}},"body":{"text":"b"},)"
      R"("action":{"buttons":[)" +
      Reply("a", "A") + "]}"));
  EXPECT_EQ(plan.type, "interactive");
  ASSERT_EQ(plan.media.size(), 1u);
  EXPECT_EQ(plan.media[0].kind, "video");
  EXPECT_EQ(plan.media[0].id, "42");
  EXPECT_EQ(plan.media[0].where, "interactive.header.video");
}

TEST(MessagePlanTest, InteractiveTextOnlyReferencesNoMedia) {
  MessagePlan plan = PlanOf(Buttons(Reply("a", "A")));
  EXPECT_TRUE(plan.media.empty());
}

TEST(MessagePlanTest, TemplateCountsParametersAndReferencesMedia) {
  MessagePlan plan = PlanOf(Template(
      R"("name":"order_update","language":{"code":"en_US"},"components":[)"
      R"({"type":"header","parameters":[{"type":"image","image":{"link":"https://x.io/i.png"}}]},)"
      R"({"type":"body","parameters":[{"type":"text","text":"Ana"},)"
      R"({"type":"currency","currency":{"fallback_value":"$1","code":"USD","amount_1000":1000}},)"
      R"({"type":"date_time","date_time":{"fallback_value":"May 5"}}]},)"
      R"({"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"Y"}]},)"
      R"({"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"o/1"}]},)"
      R"({"type":"button","sub_type":"copy_code","index":"2","parameters":[{"type":"coupon_code","coupon_code":"C"}]}])"));
  EXPECT_EQ(plan.type, "template");
  ASSERT_TRUE(plan.template_send.has_value());
  const TemplateSend& send = *plan.template_send;
  EXPECT_EQ(send.name, "order_update");
  EXPECT_EQ(send.language, "en_US");
  EXPECT_EQ(send.header_parameters, 1);
  EXPECT_EQ(send.header_parameter_type, "image");
  EXPECT_EQ(send.body_parameters, 3);
  EXPECT_TRUE(send.body_parameter_names.empty());
  EXPECT_EQ(send.button_parameters, 3);
  ASSERT_EQ(plan.media.size(), 1u);
  EXPECT_EQ(plan.media[0].kind, "image");
  EXPECT_EQ(plan.media[0].link, "https://x.io/i.png");
  EXPECT_EQ(plan.media[0].where, "template.components[0].parameters[0]");
}

TEST(MessagePlanTest, FlowMessageNamesItsFlowWithMetasDefaults) {
  MessagePlan plan =
      PlanOf(FlowParameters(R"("flow_message_version":"3","flow_id":"1234","flow_cta":"Go")"));
  ASSERT_TRUE(plan.flow.has_value());
  EXPECT_EQ(plan.flow->flow_id, "1234");
  EXPECT_FALSE(plan.flow->flow_name.has_value());
  EXPECT_EQ(plan.flow->mode, "published");
  EXPECT_EQ(plan.flow->flow_token, "unused");
  EXPECT_EQ(plan.flow->flow_action, "navigate");
  EXPECT_FALSE(plan.template_send.has_value());
}

TEST(MessagePlanTest, FlowMessageKeepsNameModeTokenAndAction) {
  MessagePlan plan =
      PlanOf(FlowParameters(R"("flow_message_version":"3","flow_name":"signup","flow_cta":"Go",)"
                            R"("mode":"draft","flow_token":"t-1","flow_action":"data_exchange")"));
  ASSERT_TRUE(plan.flow.has_value());
  EXPECT_FALSE(plan.flow->flow_id.has_value());
  EXPECT_EQ(plan.flow->flow_name, "signup");
  EXPECT_EQ(plan.flow->mode, "draft");
  EXPECT_EQ(plan.flow->flow_token, "t-1");
  EXPECT_EQ(plan.flow->flow_action, "data_exchange");
}

TEST(MessagePlanTest, OtherInteractiveTypesNameNoFlow) {
  MessagePlan plan = PlanOf(Buttons(Reply("a", "A")));
  EXPECT_FALSE(plan.flow.has_value());
}

TEST(MessagePlanTest, TemplateFlowButtonsCarryIndexAndToken) {
  MessagePlan plan = PlanOf(
      Template(R"("name":"book","language":{"code":"en_US"},"components":[)"
               R"({"type":"button","sub_type":"FLOW","index":"2","parameters":[{"type":"action",)"
               R"("action":{"flow_token":"tok","flow_action_data":{"table":4}}}]},)"
               R"({"type":"button","sub_type":"flow","index":3}])"));
  ASSERT_TRUE(plan.template_send.has_value());
  const auto& buttons = plan.template_send->flow_buttons;
  ASSERT_EQ(buttons.size(), 2u);
  EXPECT_EQ(buttons[0].index, 2);
  EXPECT_EQ(buttons[0].flow_token, "tok");
  // A flow button without parameters is accepted with Meta's default token.
  EXPECT_EQ(buttons[1].index, 3);
  EXPECT_EQ(buttons[1].flow_token, "unused");
  EXPECT_FALSE(plan.flow.has_value());
}

TEST(MessagePlanTest, TemplateWithoutComponentsCountsNothing) {
  MessagePlan plan = PlanOf(Template(R"("name":"hello_world","language":{"code":"en_US"})"));
  ASSERT_TRUE(plan.template_send.has_value());
  EXPECT_EQ(plan.template_send->name, "hello_world");
  EXPECT_EQ(plan.template_send->header_parameters, 0);
  EXPECT_EQ(plan.template_send->header_parameter_type, "");
  EXPECT_EQ(plan.template_send->body_parameters, 0);
  EXPECT_EQ(plan.template_send->button_parameters, 0);
}

TEST(MessagePlanTest, TemplateNamedBodyParametersAreListedInOrder) {
  MessagePlan plan = PlanOf(Template(
      R"("name":"welcome","language":{"code":"en"},"components":[)"
      R"({"type":"header","parameters":[{"type":"text","text":"Hi","parameter_name":"h"}]},)"
      R"({"type":"body","parameters":[)"
      R"({"type":"text","text":"Ana","parameter_name":"first_name"},)"
      R"({"type":"text","text":"42","parameter_name":"order_id"}]}])"));
  ASSERT_TRUE(plan.template_send.has_value());
  EXPECT_EQ(plan.template_send->header_parameter_type, "text");
  EXPECT_EQ(plan.template_send->body_parameters, 2);
  EXPECT_EQ(plan.template_send->body_parameter_names,
            (std::vector<std::string>{"first_name", "order_id"}));
}

TEST(MessagePlanTest, TemplateDocumentHeaderIsReferencedById) {
  MessagePlan plan = PlanOf(Template(
      R"("name":"invoice","language":{"code":"en"},"components":[{"type":"header",)"
      R"("parameters":[{"type":"document","document":{"id":"99","filename":"i.pdf"}}]}])"));
  ASSERT_TRUE(plan.template_send.has_value());
  EXPECT_EQ(plan.template_send->header_parameter_type, "document");
  ASSERT_EQ(plan.media.size(), 1u);
  EXPECT_EQ(plan.media[0].kind, "document");
  EXPECT_EQ(plan.media[0].id, "99");
  EXPECT_EQ(plan.media[0].where, "template.components[0].parameters[0]");
}

TEST(MessagePlanTest, ReactionNamesItsTarget) {
  MessagePlan plan =
      PlanOf(Send(R"("type":"reaction","reaction":{"message_id":"wamid.T","emoji":"👍"})"));
  EXPECT_EQ(plan.type, "reaction");
  EXPECT_EQ(plan.reaction_target, "wamid.T");
  EXPECT_FALSE(plan.reply_to.has_value());
}

TEST(MessagePlanTest, MarkReadNamesTheInboundMessage) {
  MessagePlan plan =
      PlanOf(R"({"messaging_product":"whatsapp","status":"read","message_id":"wamid.IN"})");
  EXPECT_EQ(plan.kind, MessagePlan::Kind::kMarkRead);
  EXPECT_EQ(plan.read_message_id, "wamid.IN");
  EXPECT_EQ(plan.type, "");
  EXPECT_EQ(plan.to, "");
  EXPECT_EQ(plan.wa_id, "");
}

TEST(MessagePlanTest, GroupRecipientKeepsTheGroupId) {
  MessagePlan plan =
      PlanOf(R"({"messaging_product":"whatsapp","recipient_type":"group","to":"Y2FwaV9ncm91cDox",)"
             R"("text":{"body":"x"}})");
  EXPECT_EQ(plan.recipient_type, "group");
  EXPECT_EQ(plan.to, "Y2FwaV9ncm91cDox");
  EXPECT_EQ(plan.wa_id, "Y2FwaV9ncm91cDox");
}

// ---------------------------------------------------------------------------------------
// metaApiVersion.

TEST(MetaApiVersionTest, AcceptsV20AndLater) {
  for (const std::string version : {"v20.0", "v20", "v21.0", "v23.0", "v100.0", "v20.12"}) {
    EXPECT_TRUE(IsSupportedMetaApiVersion(version)) << version;
  }
}

TEST(MetaApiVersionTest, RejectsOlderAndMalformed) {
  for (const std::string version :
       {"", "v", "v19.0", "v19", "v2.0", "v0", "20.0", "V20.0", "v20.", "v20.0.1", "v.0", "v20a",
        " v20.0", "v20.0 ", "v-20", "v+20", "latest"}) {
    EXPECT_FALSE(IsSupportedMetaApiVersion(version)) << version;
  }
}

}  // namespace
}  // namespace socialite::whatsapp
