#pragma once

//! The operator commands of opsboard-server: what `opsboard-server users …` and
//! `opsboard-server import …` do, outside a running server.

namespace Ops {

struct ServerOptions;

//! Runs the command \a options names (ServerOptions::Action::RunCommand), writing what it did to
//! stdout and problems to stderr. Returns the exit status: 0 done, 1 failed (nothing changed),
//! 2 a usage error.
[[nodiscard]] int runCommand(const ServerOptions &options);

} // namespace Ops
