#include "alertroutes.h"

#include <cmath>

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QJsonArray>

#include "auth.h"
#include "core/logging.h"
#include "httpcompat.h"
#include "routesupport.h"
#include "store.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

Error notForViewers()
{
    return Error { ErrorKind::Forbidden, u"alerts are for dispatchers and managers"_s };
}

QHttpServerResponse listAlerts(Store &store, const Auth &auth, const QHttpServerRequest &request)
{
    const AuthResult caller = authenticateRequest(auth, request);
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
    const StoreListing<Alert> list = store.listAlerts(caller.user->regions, statuses,
        snoozed == "hide"_L1 ? QDateTime::currentDateTimeUtc() : QDateTime());
    if (!list.error.ok())
        return errorResponse(list.error);
    QJsonArray alerts;
    for (const Alert &alert : list.items)
        alerts.append(alert.toJson());
    // A snooze that ends changes the list without an event: the row count keeps the tag honest.
    QByteArray etag = listEtag(list.position, *caller.user, request);
    if (snoozed == "hide"_L1 && etag.endsWith('"'))
        etag.insert(etag.size() - 1, "-n" + QByteArray::number(alerts.size()));
    return cachedJson(request, alerts, etag, list.position);
}

QHttpServerResponse alertAction(Store &store, const Auth &auth, const QString &id,
    const QString &action, const QHttpServerRequest &request)
{
    const AuthResult caller = authenticateRequest(auth, request);
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
    const auto existing = store.alert(id);
    if (!existing)
        return errorResponse(store.notFoundError(u"alert %1 not found"_s.arg(id)));
    if (!caller.user->canSeeRegion(existing->region))
        return errorResponse(
            Error { ErrorKind::Forbidden, u"alert %1 is outside your regions"_s.arg(id) });
    const QString to = action == "acknowledge"_L1 ? u"acknowledged"_s : u"resolved"_s;
    const StoreWrite<Alert> result = snooze
        ? store.snoozeAlert(id, QDateTime::currentDateTimeUtc().addSecs(qint64(minutes) * 60),
            expectedVersion, caller.user->name)
        : store.updateAlertStatus(id, to, expectedVersion, caller.user->name);
    if (!result.ok()) {
        if (result.error.kind == ErrorKind::Conflict && result.item) {
            QHttpServerResponse response =
                errorResponse(result.error, { { "current"_L1, result.item->toJson() } });
            setResponseHeader(response, "ETag", versionEtag(result.item->version));
            return response;
        }
        return errorResponse(result.error);
    }
    qCInfo(lcServerHttp) << caller.user->name << action << "alert" << id;
    QHttpServerResponse response(result.item->toJson());
    setResponseHeader(response, "ETag", versionEtag(result.item->version));
    setPositionHeader(response, result.event ? result.event->position() : store.head());
    return response;
}

} // namespace

void registerAlertRoutes(QHttpServer &server, Store &store, const Auth &auth)
{
    server.route(u"/api/alerts"_s, QHttpServerRequest::Method::Get,
        [&store, &auth](
            const QHttpServerRequest &request) { return listAlerts(store, auth, request); });
    server.route(u"/api/alerts/<arg>/<arg>"_s, QHttpServerRequest::Method::Post,
        [&store, &auth](
            const QString &id, const QString &action, const QHttpServerRequest &request) {
            return alertAction(store, auth, id, action, request);
        });
}

} // namespace Ops
