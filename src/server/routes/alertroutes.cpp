#include <cmath>

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QJsonArray>

#include "core/logging.h"
#include "routes.h"
#include "server/domain/alertservice.h"
#include "server/http/routesupport.h"
#include "server/store/store.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

Error notForViewers()
{
    return Error { ErrorKind::Forbidden, u"alerts are for dispatchers and managers"_s };
}

QHttpServerResponse listAlerts(const RouteServices &s, const QHttpServerRequest &request)
{
    const AuthResult caller = authenticateRequest(s.auth, request);
    if (!caller.user)
        return errorResponse(caller.error);
    if (!caller.user->canHandleAlerts())
        return errorResponse(notForViewers());
    const QueryParams params = queryParams(request, { "status"_L1, "snoozed"_L1 });
    if (!params.error.ok())
        return errorResponse(params.error);
    // Snoozed alerts stay out of the list until their time is up, unless asked for.
    const QString snoozed = params.values.value(u"snoozed"_s, u"hide"_s);
    if (snoozed != "hide"_L1 && snoozed != "include"_L1)
        return errorResponse(Error { ErrorKind::BadRequest,
            u"snoozed must be 'hide' or 'include', not '%1'"_s.arg(snoozed.left(64)) });
    const QStringList statuses = params.list(u"status"_s);
    for (const QString &status : statuses) {
        if (status != "open"_L1 && status != "acknowledged"_L1 && status != "resolved"_L1)
            return errorResponse(Error {
                ErrorKind::BadRequest, u"unknown alert status '%1'"_s.arg(status.left(64)) });
    }
    const StoreListing<Alert> list = s.store.alerts().list(caller.user->regions, statuses,
        snoozed == "hide"_L1 ? QDateTime::currentDateTimeUtc() : QDateTime());
    if (!list.error.ok())
        return errorResponse(list.error);
    const QJsonArray alerts = jsonArray(list.items);
    // A snooze that ends changes the list without an event: the row count keeps the tag honest.
    QByteArray etag = listEtag(list.position, *caller.user, request);
    if (snoozed == "hide"_L1 && etag.endsWith('"'))
        etag.insert(etag.size() - 1, "-n" + QByteArray::number(alerts.size()));
    return cachedJson(request, alerts, etag, list.position);
}

QHttpServerResponse alertAction(const RouteServices &s, const QString &id, const QString &action,
    const QHttpServerRequest &request)
{
    const AuthResult caller = authenticateRequest(s.auth, request);
    if (!caller.user)
        return errorResponse(caller.error);
    const bool snooze = action == "snooze"_L1;
    if (action != "acknowledge"_L1 && action != "resolve"_L1 && !snooze)
        return errorResponse(Error { ErrorKind::NotFound,
            u"no action '%1'; use acknowledge, resolve or snooze"_s.arg(action.left(64)) });
    if (!caller.user->canHandleAlerts())
        return errorResponse(notForViewers());
    // acknowledge/resolve: the body is optional and, when present, an empty object.
    // snooze: exactly {"minutes": <1..1440>}.
    int minutes = 0;
    if (snooze || !request.body().trimmed().isEmpty()) {
        QJsonObject body;
        if (Error e = parseJsonObject(request.body(),
                snooze ? std::initializer_list<QLatin1StringView> { "minutes"_L1 }
                       : std::initializer_list<QLatin1StringView> {},
                &body);
            !e.ok())
            return errorResponse(e);
        if (snooze) {
            const QJsonValue value = body.value("minutes"_L1);
            const double number = value.toDouble(-1);
            if (!value.isDouble() || number != std::floor(number) || number < 1 || number > 1440)
                return errorResponse(Error { ErrorKind::BadRequest,
                    u"snooze needs {\"minutes\": N} with a whole N from 1 to 1440"_s });
            minutes = int(number);
        }
    }
    std::optional<qint64> expectedVersion;
    if (Error e = parseIfMatch(request, &expectedVersion); !e.ok())
        return errorResponse(e);
    const auto existing = s.store.alerts().get(id);
    if (!existing)
        return errorResponse(s.store.notFoundError(u"alert %1 not found"_s.arg(id)));
    if (!caller.user->canSeeRegion(existing->region))
        return errorResponse(
            Error { ErrorKind::Forbidden, u"alert %1 is outside your regions"_s.arg(id) });
    const QString to = action == "acknowledge"_L1 ? u"acknowledged"_s : u"resolved"_s;
    const StoreWrite<Alert> result = snooze
        ? s.alerts.snooze(id, QDateTime::currentDateTimeUtc().addSecs(qint64(minutes) * 60),
            expectedVersion, caller.user->name)
        : s.alerts.setStatus(id, to, expectedVersion, caller.user->name);
    if (!result.ok())
        return refusedWrite(result.error, result.item);
    qCInfo(lcServerHttp) << caller.user->name << action << "alert" << id;
    return rowResponse(result.item->toJson(), result.item->version, result.event->position());
}

} // namespace

void registerAlertRoutes(QHttpServer &server, const RouteServices &services)
{
    server.route(u"/api/alerts"_s, QHttpServerRequest::Method::Get,
        [&services](const QHttpServerRequest &request) { return listAlerts(services, request); });
    server.route(u"/api/alerts/<arg>/<arg>"_s, QHttpServerRequest::Method::Post,
        [&services](const QString &id, const QString &action, const QHttpServerRequest &request) {
            return alertAction(services, id, action, request);
        });
}

} // namespace Ops
