#pragma once

#include <QStringList>

//! The operator commands of opsboard-server: what `opsboard-server users …` and
//! `opsboard-server import …` do, outside a running server; and what a started server says.

namespace Ops {

class OpsServer;
struct ServerOptions;

//! The lines a started \a server prints on stdout: where it listens (and takes OsmAnd
//! reports), and with --demo the demo tokens and the demo drivers' device keys.
[[nodiscard]] QStringList startupLines(const ServerOptions &options, const OpsServer &server);

//! Runs the command \a options names (ServerOptions::Action::RunCommand), writing what it did to
//! stdout and problems to stderr. Returns the exit status: 0 done, 1 failed (nothing changed),
//! 2 a usage error.
[[nodiscard]] int runCommand(const ServerOptions &options);

} // namespace Ops
