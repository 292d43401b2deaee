// App: the running emulator without its sockets — options, storage, fixtures, dispatcher.
// main.cpp builds one, serves its handler over HTTP, and destroys it on shutdown
// (which closes the database).
#pragma once

#include <memory>
#include <string>

#include "server/config/options.h"
#include "server/core/result.h"
#include "server/dispatch/dispatcher.h"

namespace socialite {

class App {
 public:
  virtual ~App() = default;
  // Opens storage, runs migrations, loads fixtures. Errors carry a readable message.
  static Result<std::unique_ptr<App>> Create(const Options& options);

  virtual RequestHandler& handler() = 0;
  // A stop signal came: stop waiting on the outside world, so that the requests in flight can
  // be answered while the server drains (S3 transfers are aborted, delayed requests go on at
  // once). Safe from any thread.
  virtual void Interrupt() = 0;
  // Ends the background work (event delivery, timers, workers, readers, writer) once the
  // server has stopped taking requests; queued work is finished first. Idempotent.
  virtual void Stop() = 0;
  // The address the server listens on ("127.0.0.1:4576"), once it does: the default public
  // URL of what it serves to event receivers.
  virtual void SetListenAddress(const std::string& address) { (void)address; }
  // Marks the server ready (health answers 200) once it is listening.
  virtual void SetReady(bool ready) = 0;
  // One line: listening address, database, fixtures (logged at startup).
  virtual std::string Banner(const std::string& listen_address) const = 0;
};

}  // namespace socialite
