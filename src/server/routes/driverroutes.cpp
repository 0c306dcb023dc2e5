#include <algorithm>

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QJsonArray>

#include "routes.h"
#include "server/http/routesupport.h"
#include "server/store/store.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

QHttpServerResponse listDrivers(const RouteServices &s, const QHttpServerRequest &request)
{
    const AuthResult caller = authenticateRequest(s.auth, request);
    if (!caller.user)
        return errorResponse(caller.error);
    const QueryParams params = queryParams(request, { "status"_L1, "region"_L1 });
    if (!params.error.ok())
        return errorResponse(params.error);
    const QStringList statuses = params.list(u"status"_s);
    for (const QString &status : statuses) {
        if (!driverStatusFromString(status))
            return errorResponse(Error {
                ErrorKind::BadRequest, u"unknown driver status '%1'"_s.arg(status.left(64)) });
    }
    const QStringList regions = params.list(u"region"_s);
    const StoreListing<Driver> list = s.store.drivers().list(caller.user->regions, statuses);
    if (!list.error.ok())
        return errorResponse(list.error);
    QList<Driver> drivers;
    std::copy_if(list.items.begin(), list.items.end(), std::back_inserter(drivers),
        [&regions](const Driver &d) { return regions.isEmpty() || regions.contains(d.region); });
    return cachedList(request, *caller.user, drivers, list.position);
}

QHttpServerResponse getDriver(
    const RouteServices &s, const QString &id, const QHttpServerRequest &request)
{
    const AuthResult caller = authenticateRequest(s.auth, request);
    if (!caller.user)
        return errorResponse(caller.error);
    const StreamPosition position = s.store.log().head();
    const auto driver = s.store.drivers().get(id);
    if (!driver)
        return errorResponse(s.store.notFoundError(u"driver %1 not found"_s.arg(id)));
    if (!caller.user->canSeeRegion(driver->region))
        return errorResponse(
            Error { ErrorKind::Forbidden, u"driver %1 is outside your regions"_s.arg(id) });
    return cachedJson(request, driver->toJson(), versionEtag(driver->version), position);
}

} // namespace

void registerDriverRoutes(QHttpServer &server, const RouteServices &services)
{
    server.route(u"/api/drivers"_s, QHttpServerRequest::Method::Get,
        [&services](const QHttpServerRequest &request) { return listDrivers(services, request); });
    server.route(u"/api/drivers/<arg>"_s, QHttpServerRequest::Method::Get,
        [&services](const QString &id, const QHttpServerRequest &request) {
            return getDriver(services, id, request);
        });
}

} // namespace Ops
