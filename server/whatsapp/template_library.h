// TemplateLibrary: Meta's library of pre-written templates (fixtures/template_library.json,
// compiled in), browsing with the AWS filters, and instantiation into a template definition.
// Immutable after loading; safe to share between threads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "server/core/result.h"
#include "server/core/value.h"
#include "server/whatsapp/meta_error.h"

namespace socialite {
std::string_view EmbeddedTemplateLibrary();
}

namespace socialite::whatsapp {

struct LibraryTemplate {
  Value definition;  // the MetaLibraryTemplateDefinition members, as served by the list call
  std::string name;
  std::string language;
  std::string category;
  std::string topic;
  std::string use_case;
  std::vector<std::string> industries;
  std::string header;
  std::string body;
};

class TemplateLibrary {
 public:
  // Parses {"libraryTemplates":[...]}; errors name the bad entry.
  static Result<TemplateLibrary> Parse(std::string_view json_text);

  const std::vector<LibraryTemplate>& entries() const { return entries_; }
  const LibraryTemplate* Find(const std::string& name, const std::string& language) const;
  std::vector<std::string> Names() const;

  // Filters with the AWS keys searchKey (case-insensitive substring of name or body), topic,
  // usecase, industry, language (case-insensitive equality), combined with AND. An unknown key
  // is an InvalidParametersException.
  Result<std::vector<const LibraryTemplate*>> Filter(const Value& filters) const;

 private:
  std::vector<LibraryTemplate> entries_;
};

// Builds a Meta template definition {name, language, category, components} from a library
// entry and the CreateWhatsAppMessageTemplateFromLibrary inputs (a MetaLibraryTemplate value).
std::variant<Value, MetaError> InstantiateLibraryTemplate(const LibraryTemplate& entry,
                                                          const Value& request);

}  // namespace socialite::whatsapp
