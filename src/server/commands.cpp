#include "commands.h"

#include <cstdio>

#include <QFile>
#include <QStringList>

#include "demo/demodata.h"
#include "domain/orderimport.h"
#include "domain/usersfile.h"
#include "ops/serveroptions.h"
#include "opsserver.h"
#include "store/store.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

void out(const QString &line)
{
    std::fputs(qPrintable(line + u'\n'), stdout);
}

int failed(const Error &error)
{
    std::fprintf(stderr, "opsboard-server: %s\n", qPrintable(error.message));
    return error.kind == ErrorKind::BadRequest ? 2 : 1;
}

int usersCommand(const ServerOptions &o)
{
    UsersFile file;
    if (const Error e = file.load(o.usersFile); !e.ok())
        return failed(e);
    QString token;
    Error e;
    switch (o.command) {
    case ServerOptions::Command::UsersList:
        out(u"%1 %2 %3 %4"_s.arg(u"NAME"_s, -24)
                .arg(u"ROLE"_s, -12)
                .arg(u"REGIONS"_s, -24)
                .arg(u"DRIVER"_s));
        for (const UsersFile::Entry &entry : file.entries()) {
            out(u"%1 %2 %3 %4"_s.arg(entry.name, -24)
                    .arg(entry.role, -12)
                    .arg(entry.regions.isEmpty() ? u"(all)"_s : entry.regions.join(u','), -24)
                    .arg(entry.driverId.isEmpty() ? u"-"_s : entry.driverId));
        }
        return 0;
    case ServerOptions::Command::UsersAdd:
        e = file.add(o.userName, o.userRole, o.userRegions, o.userDriverId, &token);
        break;
    case ServerOptions::Command::UsersRemove:
        e = file.remove(o.userName);
        break;
    case ServerOptions::Command::UsersRotate:
        e = file.rotate(o.userName, &token);
        break;
    default:
        return failed(Error { ErrorKind::BadRequest, u"not a users command"_s });
    }
    if (!e.ok())
        return failed(e);
    if (const Error saved = file.save(); !saved.ok())
        return failed(saved);
    if (o.command == ServerOptions::Command::UsersRemove) {
        out(u"removed %1 from %2; a running server closes their sessions"_s.arg(
            o.userName, o.usersFile));
        return 0;
    }
    out(u"%1 %2 in %3"_s.arg(
        o.command == ServerOptions::Command::UsersAdd ? u"added"_s : u"new token for"_s, o.userName,
        o.usersFile));
    // The token is printed once and never stored: the file keeps only its SHA-256.
    out(u"token: "_s + token);
    out(u"(shown once; the server keeps only its hash)"_s);
    return 0;
}

int importCommand(const ServerOptions &o)
{
    ImportRequest request;
    QFile file(o.importFile);
    if (!file.open(QIODevice::ReadOnly))
        return failed(Error {
            ErrorKind::Storage, u"cannot read %1: %2"_s.arg(o.importFile, file.errorString()) });
    if (file.size() > request.limits.maxBytes)
        return failed(Error { ErrorKind::PayloadTooLarge,
            u"%1 is larger than %2 bytes; split it"_s.arg(o.importFile)
                .arg(request.limits.maxBytes) });
    request.csv = file.readAll();
    request.actor = o.importActor;
    request.dryRun = o.importDryRun;
    request.partial = o.importPartial;
    DatabaseLocation location;
    if (const Error e = OpsServer::databaseLocation(o.database, &location); !e.ok())
        return failed(e);
    Store store;
    if (const Error e = store.open(location); !e.ok())
        return failed(Error { ErrorKind::Storage, e.message });
    const ImportReport report = OrderImport::run(store, request);
    out(u"%1: %2 rows read, %3 valid, %4 %5, %6 already imported, %7 invalid"_s.arg(o.importFile)
            .arg(report.rowsRead)
            .arg(report.rowsValid)
            .arg(report.created)
            .arg(o.importDryRun ? u"would be new"_s : u"new"_s)
            .arg(report.existingCount)
            .arg(report.problemCount));
    for (const ImportProblem &p : report.problems) {
        out(u"row %1 (line %2)%3: %4"_s.arg(p.row).arg(p.line).arg(
            p.field.isEmpty() ? QString() : u" "_s + p.field, p.reason));
    }
    if (report.problemCount > report.problems.size())
        out(u"… and %1 more invalid rows"_s.arg(report.problemCount - report.problems.size()));
    if (!report.error.ok())
        return failed(report.error.kind == ErrorKind::BadRequest
                ? Error { ErrorKind::Storage, report.error.message } // not a usage error
                : report.error);
    if (!report.importId.isEmpty()) {
        out(u"imported as %1: %2 to %3 (event seq %4)"_s
                .arg(report.importId, report.firstId, report.lastId)
                .arg(report.event ? report.event->seq : 0));
    } else if (!o.importDryRun) {
        out(u"nothing new to import"_s);
    }
    return o.importDryRun && report.problemCount > 0 ? 1 : 0;
}

} // namespace

int runCommand(const ServerOptions &options)
{
    const int status = options.command == ServerOptions::Command::ImportOrders
        ? importCommand(options)
        : usersCommand(options);
    std::fflush(stdout);
    return status;
}

QStringList startupLines(const ServerOptions &options, const OpsServer &server)
{
    QStringList lines;
    const bool tls = !options.tlsCert.isEmpty();
    const QString host = options.listen.protocol() == QAbstractSocket::IPv6Protocol
        ? u"[%1]"_s.arg(options.listen.toString())
        : options.listen.toString();
    lines.append(
        u"opsboard-server listening on %1://%2:%3"_s.arg(tls ? u"https"_s : u"http"_s, host)
            .arg(server.port()));
    if (server.osmandPort() != 0) {
        lines.append(u"opsboard-server OsmAnd reports on %1://%2:%3"_s
                         .arg(tls ? u"https"_s : u"http"_s, host)
                         .arg(server.osmandPort()));
    }
    if (options.demo && options.usersFile.isEmpty()) {
        lines.append(u"demo token dispatcher: demo-dispatcher"_s);
        lines.append(u"demo token manager: demo-manager"_s);
        lines.append(u"demo token viewer: demo-viewer"_s);
        lines.append(u"demo token driver (%1): demo-driver"_s.arg(Demo::DriverUserId));
    }
    if (options.demo && !server.demoDriverIds().isEmpty()) {
        // Every demo driver's phone: the device key to put into Traccar Client.
        const QStringList &ids = server.demoDriverIds();
        if (ids.size() <= 30) {
            for (const QString &id : ids)
                lines.append(u"demo device key %1: %2"_s.arg(id, Demo::deviceKey(id)));
        } else {
            lines.append(
                u"demo device keys: demo-<driver id> for %1 demo drivers (%2 … %3)"_s
                    .arg(ids.size())
                    .arg(Demo::deviceKey(ids.constFirst()), Demo::deviceKey(ids.constLast())));
        }
    }
    return lines;
}

} // namespace Ops
