// Shared by the server processes that bench drivers start (bench_fanout_server, bench_eta_server):
// the real OpsServer, opened the way every bench server runs it, and their `--name value`
// arguments. Header-only on purpose: bench code, not a library. benchsupport.h holds the rest (the
// line protocol with the driver).
#pragma once

#include <chrono>
#include <cstdio>

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include "benchsupport.h"
#include "core/error.h"
#include "server/demo/demodata.h"
#include "server/opsserver.h"

namespace OpsBench {

using namespace Qt::StringLiterals;

//! `<bench>: <message>` on stderr; returns 1, the exit code of main() for it.
inline int fail(const char *bench, const QString &message)
{
    std::fprintf(stderr, "%s: %s\n", bench, qPrintable(message));
    return 1;
}

//! The value after the last \a name (`--db`) in the process's arguments; \a fallback without one.
inline QString argumentValue(const QString &name, const QString &fallback = {})
{
    const QStringList args = QCoreApplication::arguments();
    const qsizetype at = args.lastIndexOf(name);
    return at > 0 && at + 1 < args.size() ? args.at(at + 1) : fallback;
}

//! Opens \a server as a bench server runs it: the demo users, the store on the SQLite file
//! \a dbPath (\a fileName in \a dir when \a dbPath is empty), and the per-address connect limit
//! lifted (every bench client connects from 127.0.0.1; `opsboard-server --ws-connect-rate` does
//! the same), everything else the server's default. The store's error if it does not open.
inline Ops::Error openServer(
    Ops::OpsServer &server, QString dbPath, const QTemporaryDir &dir, const QString &fileName)
{
    if (dbPath.isEmpty()) {
        if (!dir.isValid())
            return { Ops::ErrorKind::Storage, u"cannot create a temporary directory"_s };
        dbPath = dir.filePath(fileName);
    }
    server.setAuth(Ops::Demo::users());
    if (Ops::Error e = server.openStore(dbPath); !e.ok())
        return e;
    server.hub().setConnectionRateLimit(1'000'000, std::chrono::seconds(10));
    return {};
}

} // namespace OpsBench
