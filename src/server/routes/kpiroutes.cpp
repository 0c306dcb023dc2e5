#include <QHttpServer>
#include <QHttpServerRequest>
#include <QJsonArray>

#include "addroute.h"
#include "routes.h"
#include "server/http/routesupport.h"
#include "server/store/store.h"

using namespace Qt::StringLiterals;

namespace Ops {

namespace {

//! `15m`, `1h`, `30m` …: 5 minutes to 4 hours, dividing a day evenly.
std::optional<int> parseInterval(const QString &text)
{
    if (text.size() < 2 || text.size() > 4)
        return std::nullopt;
    bool ok = false;
    const int number = text.first(text.size() - 1).toInt(&ok);
    if (!ok || number <= 0)
        return std::nullopt;
    const QChar unit = text.back();
    const int seconds = unit == u'm' ? number * 60 : unit == u'h' ? number * 3600 : 0;
    if (seconds < 300 || seconds > 4 * 3600 || 86400 % seconds != 0)
        return std::nullopt;
    return seconds;
}

QHttpServerResponse timeline(const RouteServices &s, const QHttpServerRequest &request)
{
    const AuthResult caller = authenticateRequest(s.auth, request);
    if (!caller.user)
        return errorResponse(caller.error);
    const QueryParams params = queryParams(request, { "interval"_L1 });
    if (!params.error.ok())
        return errorResponse(params.error);
    const auto interval = parseInterval(params.values.value(u"interval"_s, u"15m"_s));
    if (!interval)
        return errorResponse(Error { ErrorKind::BadRequest,
            u"interval must be minutes or hours from 5m to 4h that divide a day, e.g. 15m"_s });
    const StoreListing<QJsonObject> list =
        s.store.kpis().timeline(caller.user->regions, QDateTime::currentDateTimeUtc(), *interval);
    if (!list.error.ok())
        return errorResponse(list.error);
    // Like /api/kpis: depends on the clock (the current bucket), so no ETag.
    QHttpServerResponse response(jsonArray(list.items));
    setPositionHeader(response, list.position);
    return response;
}

QHttpServerResponse recentEvents(const RouteServices &s, const QHttpServerRequest &request)
{
    const AuthResult caller = authenticateRequest(s.auth, request);
    if (!caller.user)
        return errorResponse(caller.error);
    const QueryParams params = queryParams(request, { "limit"_L1, "entity"_L1 });
    if (!params.error.ok())
        return errorResponse(params.error);
    bool ok = true;
    const int limit =
        params.values.contains(u"limit"_s) ? params.values.value(u"limit"_s).toInt(&ok) : 100;
    if (!ok || limit < 1 || limit > 1000)
        return errorResponse(
            Error { ErrorKind::BadRequest, u"limit must be a number from 1 to 1000"_s });
    // The channels the caller may subscribe to decide which entities it may read about.
    QStringList entities = params.list(u"entity"_s);
    if (entities.isEmpty())
        entities = { u"order"_s, u"payment"_s, u"alert"_s }; // driver moves would drown the rest
    for (const QString &entity : std::as_const(entities)) {
        const bool known = entity == "order"_L1 || entity == "driver"_L1 || entity == "payment"_L1
            || entity == "alert"_L1;
        if (!known)
            return errorResponse(
                Error { ErrorKind::BadRequest, u"unknown entity '%1'"_s.arg(entity.left(64)) });
    }
    if (!caller.user->canReadPayments())
        entities.removeAll(u"payment"_s);
    if (!caller.user->canHandleAlerts())
        entities.removeAll(u"alert"_s);
    if (entities.isEmpty())
        return errorResponse(
            Error { ErrorKind::Forbidden, u"none of these events is available to you"_s });
    const StoreListing<QJsonObject> list =
        s.store.log().recent(caller.user->regions, entities, limit);
    if (!list.error.ok())
        return errorResponse(list.error);
    return cachedList(request, *caller.user, list.items, list.position);
}

QHttpServerResponse kpis(const RouteServices &s, const QHttpServerRequest &request)
{
    const AuthResult caller = authenticateRequest(s.auth, request);
    if (!caller.user)
        return errorResponse(caller.error);
    const QueryParams params = queryParams(request, {});
    if (!params.error.ok())
        return errorResponse(params.error);
    // Head first: the figures reflect at least this position. KPIs depend on the clock
    // ("late"), so they carry no ETag.
    const StreamPosition position = s.store.log().head();
    QHttpServerResponse response(
        s.store.kpis()
            .snapshot(
                caller.user->regions, QDateTime::currentDateTimeUtc(), int(s.views.atRisk.count()))
            .toJson());
    setPositionHeader(response, position);
    return response;
}

} // namespace

void registerKpiRoutes(QHttpServer &server, const RouteServices &services)
{
    addRoute(server, u"/api/kpis/timeline"_s, QHttpServerRequest::Method::Get, services, timeline);
    addRoute(server, u"/api/events"_s, QHttpServerRequest::Method::Get, services, recentEvents);
    addRoute(server, u"/api/kpis"_s, QHttpServerRequest::Method::Get, services, kpis);
}

} // namespace Ops
