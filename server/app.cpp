#include "server/app.h"

#include <mutex>

#include "server/admin/admin_api.h"
#include "server/dispatch/api_dispatcher.h"
#include "server/fixtures/fixture_loader.h"
#include "server/objectstore/object_store.h"
#include "server/spec/spec_types.h"
#include "server/whatsapp/template_library.h"

namespace socialite {
namespace {

class RunningApp : public App {
 public:
  RunningApp(const Options& options, std::unique_ptr<storage::Database> db,
             std::string fixtures_text, whatsapp::TemplateLibrary library,
             std::unique_ptr<objectstore::ObjectStore> objects)
      : options_(options),
        db_(std::move(db)),
        library_(std::move(library)),
        objects_(std::move(objects)),
        services_{*db_, clock_, ids_, options_, &library_, objects_.get()},
        admin_(services_, std::move(fixtures_text)),
        dispatcher_(spec::Service(), BuildHandlerTable(), services_, admin_, state_mutex_) {}

  Services& services() { return services_; }
  RequestHandler& handler() override { return dispatcher_; }
  void SetReady(bool ready) override { admin_.SetReady(ready); }
  std::string Banner(const std::string& listen_address) const override {
    return "socialite listening on http://" + listen_address + " db=" + options_.db +
           " fixtures=" + options_.fixtures + " media=" + objects_->Describe() +
           " region=" + options_.region + " account=" + options_.account;
  }

 private:
  Options options_;
  std::unique_ptr<storage::Database> db_;
  whatsapp::TemplateLibrary library_;
  std::unique_ptr<objectstore::ObjectStore> objects_;
  SystemClock clock_;
  RandomIdGenerator ids_;
  Services services_;
  std::mutex state_mutex_;
  AdminApi admin_;
  ApiDispatcher dispatcher_;
};

}  // namespace

Result<std::unique_ptr<App>> App::Create(const Options& options) {
  auto db = storage::Database::Open(options.db);
  if (!db.ok()) {
    return InternalService("Cannot open database '" + options.db + "': " + db.error().message);
  }
  ASSIGN_OR_RETURN(std::string fixtures_text, FixturesText(options.fixtures));
  ASSIGN_OR_RETURN(auto library, whatsapp::TemplateLibrary::Parse(EmbeddedTemplateLibrary()));
  std::unique_ptr<objectstore::ObjectStore> objects =
      options.s3_endpoint.empty()
          ? objectstore::MakeDirectoryStore(options.s3_dir)
          : objectstore::MakeS3Store({options.s3_endpoint, options.s3_access_key,
                                      options.s3_secret_key, options.region});
  auto app = std::make_unique<RunningApp>(options, std::move(db).value(), fixtures_text,
                                          std::move(library), std::move(objects));
  if (!fixtures_text.empty()) RETURN_IF_ERROR(LoadFixtures(app->services(), fixtures_text));
  return std::unique_ptr<App>(std::move(app));
}

}  // namespace socialite
