#include <cmath>

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QJsonArray>

#include "addroute.h"
#include "core/logging.h"
#include "routes.h"
#include "server/domain/alertrules.h"
#include "server/domain/alertservice.h"
#include "server/http/routesupport.h"
#include "server/store/store.h"
#include "visiblerow.h"

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
    const QueryParams params =
        queryParams(request, { "status"_L1, "snoozed"_L1, "raisedAfter"_L1 });
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
    // "While you were away": the alerts raised after the moment a client was last live.
    QDateTime raisedAfter;
    if (params.has(u"raisedAfter"_s)) {
        raisedAfter = QDateTime::fromString(params.value(u"raisedAfter"_s), Qt::ISODateWithMs);
        if (!raisedAfter.isValid())
            return errorResponse(Error { ErrorKind::BadRequest,
                u"'raisedAfter' must be an ISO 8601 time, e.g. 2026-12-05T14:02:00Z"_s });
    }
    const StoreListing<Alert> list = s.store.alerts().list(caller.user->regions, statuses,
        snoozed == "hide"_L1 ? QDateTime::currentDateTimeUtc() : QDateTime(), raisedAfter);
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
    const bool seen = action == "seen"_L1;
    if (action != "acknowledge"_L1 && action != "resolve"_L1 && !snooze && !seen)
        return errorResponse(Error { ErrorKind::NotFound,
            u"no action '%1'; use acknowledge, resolve, snooze or seen"_s.arg(action.left(64)) });
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
    if (Error e = rowAccessError(s.store, *caller.user, id, s.store.alerts().get(id)); !e.ok())
        return errorResponse(e);
    if (seen) {
        // A receipt: no If-Match (nothing to lose), idempotent per user.
        const StoreWrite<Alert> result = s.alerts.markSeen(id, caller.user->name);
        if (!result.ok())
            return errorResponse(result.error);
        return rowResponse(result.item->toJson(), result.item->version,
            result.event ? result.event->position() : s.store.log().head());
    }
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

QHttpServerResponse listRules(const RouteServices &s, const QHttpServerRequest &request)
{
    const AuthResult caller = authenticateRequest(s.auth, request);
    if (!caller.user)
        return errorResponse(caller.error);
    if (!caller.user->canHandleAlerts())
        return errorResponse(notForViewers());
    if (const QueryParams params = queryParams(request, {}); !params.error.ok())
        return errorResponse(params.error);
    const StoreListing<AlertRule> stored = s.store.alerts().rules();
    if (!stored.error.ok())
        return errorResponse(stored.error);
    return cachedList(request, *caller.user, AlertRuleSet(stored.items).all(), stored.position);
}

//! `PATCH /api/alert-rules/<region>/<kind>`: the fields to change; the rest stay.
QHttpServerResponse patchRule(const RouteServices &s, const QString &region, const QString &kind,
    const QHttpServerRequest &request)
{
    const AuthResult caller = authenticateRequest(s.auth, request);
    if (!caller.user)
        return errorResponse(caller.error);
    if (caller.user->role != User::Role::Manager)
        return errorResponse(
            Error { ErrorKind::Forbidden, u"alert rules are changed by managers"_s });
    if (region != "*"_L1 && !caller.user->canSeeRegion(region))
        return errorResponse(
            Error { ErrorKind::Forbidden, u"region %1 is outside your regions"_s.arg(region) });
    if (region == "*"_L1 && !caller.user->regions.isEmpty())
        return errorResponse(Error { ErrorKind::Forbidden,
            u"the default rules (*) are changed by managers of every region"_s });
    QJsonObject body;
    if (Error e = parseJsonObject(request.body(),
            { "enabled"_L1, "severity"_L1, "thresholdMinutes"_L1, "renotifyMinutes"_L1,
                "escalateMinutes"_L1, "remindMinutes"_L1 },
            &body);
        !e.ok())
        return errorResponse(e);
    if (body.isEmpty())
        return errorResponse(Error { ErrorKind::BadRequest, u"nothing to change"_s });
    std::optional<qint64> expectedVersion;
    if (Error e = parseIfMatch(request, &expectedVersion); !e.ok())
        return errorResponse(e);
    if (!AlertRule::builtIn(kind))
        return errorResponse(
            Error { ErrorKind::NotFound, u"no alert kind '%1'"_s.arg(kind.left(64)) });
    AlertRule rule = s.alerts.rules().rule(region, kind);
    rule.region = region;
    if (body.contains("enabled"_L1)) {
        if (!body.value("enabled"_L1).isBool())
            return errorResponse(
                Error { ErrorKind::BadRequest, u"'enabled' must be true or false"_s });
        rule.enabled = body.value("enabled"_L1).toBool();
    }
    if (body.contains("severity"_L1))
        rule.severity = body.value("severity"_L1).toString();
    for (const auto &[name, member] :
        { std::pair { "thresholdMinutes"_L1, &AlertRule::thresholdMinutes },
            std::pair { "renotifyMinutes"_L1, &AlertRule::renotifyMinutes },
            std::pair { "escalateMinutes"_L1, &AlertRule::escalateMinutes },
            std::pair { "remindMinutes"_L1, &AlertRule::remindMinutes } }) {
        if (!body.contains(name))
            continue;
        const double value = body.value(name).toDouble(-1);
        if (!body.value(name).isDouble() || value != std::floor(value) || value < 0 || value > 1440)
            return errorResponse(Error {
                ErrorKind::BadRequest, u"'%1' must be a whole number from 0 to 1440"_s.arg(name) });
        rule.*member = int(value);
    }
    const StoreWrite<AlertRule> result =
        s.alerts.updateRule(rule, expectedVersion, caller.user->name);
    if (!result.ok())
        return refusedWrite(result.error, result.item);
    qCInfo(lcServerHttp) << caller.user->name << "changed alert rule" << rule.id();
    return rowResponse(result.item->toJson(), result.item->version, result.event->position());
}

} // namespace

void registerAlertRoutes(QHttpServer &server, const RouteServices &services)
{
    addRoute(server, u"/api/alert-rules"_s, QHttpServerRequest::Method::Get, services, listRules);
    addRoute(server, u"/api/alert-rules/<arg>/<arg>"_s, QHttpServerRequest::Method::Patch, services,
        patchRule);
    addRoute(server, u"/api/alerts"_s, QHttpServerRequest::Method::Get, services, listAlerts);
    addRoute(server, u"/api/alerts/<arg>/<arg>"_s, QHttpServerRequest::Method::Post, services,
        alertAction);
}

} // namespace Ops
