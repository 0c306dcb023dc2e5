#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>

#include "core/error.h"
#include "protocol/frames.h"
#include "routes.h"
#include "server/store/store.h"

using namespace Qt::StringLiterals;

namespace Ops {

using Method = QHttpServerRequest::Method;
using StatusCode = QHttpServerResponder::StatusCode;

void registerServiceRoutes(QHttpServer &server, const Store &store)
{
    // Health checks carry no data, so they need no token. /healthz: the process is alive.
    server.route(u"/healthz"_s, Method::Get, [] {
        return QHttpServerResponse(QJsonObject {
            { "status"_L1, "ok"_L1 },
            { "version"_L1, QLatin1StringView(OPS_VERSION) },
        });
    });
    // /readyz: this instance can serve: the database answers and (PostgreSQL) the
    // notification link that wakes its event feed is up.
    server.route(u"/readyz"_s, Method::Get, [&store] {
        const Store::Readiness r = store.readiness();
        QJsonObject checks { { "database"_L1, r.database ? u"ok"_s : u"down"_s } };
        if (store.isPostgres())
            checks.insert("notifications"_L1, r.notifications ? u"ok"_s : u"down"_s);
        QJsonObject body {
            { "ready"_L1, r.ready() },
            { "database"_L1, store.isPostgres() ? "postgresql"_L1 : "sqlite"_L1 },
            { "checks"_L1, checks },
        };
        if (r.ready())
            return QHttpServerResponse(body);
        QStringList failed;
        if (!r.database)
            failed.append(u"database unreachable (%1)"_s.arg(r.databaseError));
        if (!r.notifications)
            failed.append(u"notification link down"_s);
        body.insert("error"_L1, Error::kindName(ErrorKind::Unavailable));
        body.insert("message"_L1, failed.join(u"; "_s));
        return QHttpServerResponse(body, StatusCode::ServiceUnavailable);
    });
}

MissingRouteAnswer missingRouteAnswer(const QHttpServerRequest &request)
{
    const QString path = request.url().path();
    if (path == Wire::SocketPath) {
        const QJsonObject body { { "error"_L1, "upgrade_required"_L1 },
            { "message"_L1, u"%1 is a WebSocket endpoint"_s.arg(path) } };
        return { StatusCode::UpgradeRequired, QJsonDocument(body).toJson(QJsonDocument::Compact) };
    }
    static const QStringList resources { u"/api/orders"_s, u"/api/drivers"_s, u"/api/payments"_s,
        u"/api/alerts"_s, u"/api/alert-rules"_s, u"/api/kpis"_s, u"/api/events"_s, u"/api/me"_s };
    bool known = path == "/healthz"_L1 || path == "/readyz"_L1 || path == "/metrics"_L1
        || path == "/api/osmand"_L1;
    for (const QString &resource : resources)
        known = known || path == resource || path.startsWith(resource + u'/');
    const QJsonObject body { { "error"_L1, known ? "method_not_allowed"_L1 : "not_found"_L1 },
        { "message"_L1,
            known ? u"method not allowed on %1"_s.arg(path) : u"no route for %1"_s.arg(path) } };
    return { known ? StatusCode::MethodNotAllowed : StatusCode::NotFound,
        QJsonDocument(body).toJson(QJsonDocument::Compact) };
}

MissingRouteAnswer missingOsmAndAnswer(const QHttpServerRequest &request)
{
    const QString path = request.url().path();
    const bool known = path == "/"_L1 || path == "/api/osmand"_L1;
    const QJsonObject body { { "error"_L1, known ? "method_not_allowed"_L1 : "not_found"_L1 },
        { "message"_L1,
            known ? u"send OsmAnd reports with GET or POST"_s
                  : u"this port takes OsmAnd position reports at / and /api/osmand only"_s } };
    return { known ? StatusCode::MethodNotAllowed : StatusCode::NotFound,
        QJsonDocument(body).toJson(QJsonDocument::Compact) };
}

} // namespace Ops
