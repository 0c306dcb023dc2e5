#include "driverroutes.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QJsonArray>

#include "auth.h"
#include "routesupport.h"
#include "store.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

QHttpServerResponse listDrivers(Store &store, const Auth &auth, const QHttpServerRequest &request)
{
    const AuthResult caller = authenticateRequest(auth, request);
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
    const StoreListing<Driver> list = store.listDrivers(caller.user->regions, statuses);
    if (!list.error.ok())
        return errorResponse(list.error);
    QJsonArray drivers;
    for (const Driver &driver : list.items) {
        if (regions.isEmpty() || regions.contains(driver.region))
            drivers.append(driver.toJson());
    }
    return cachedJson(
        request, drivers, listEtag(list.position, *caller.user, request), list.position);
}

QHttpServerResponse getDriver(
    Store &store, const Auth &auth, const QString &id, const QHttpServerRequest &request)
{
    const AuthResult caller = authenticateRequest(auth, request);
    if (!caller.user)
        return errorResponse(caller.error);
    const StreamPosition position = store.head();
    const auto driver = store.driver(id);
    if (!driver)
        return errorResponse(store.notFoundError(u"driver %1 not found"_s.arg(id)));
    if (!caller.user->canSeeRegion(driver->region))
        return errorResponse(
            Error { ErrorKind::Forbidden, u"driver %1 is outside your regions"_s.arg(id) });
    return cachedJson(request, driver->toJson(), versionEtag(driver->version), position);
}

} // namespace

void registerDriverRoutes(QHttpServer &server, Store &store, const Auth &auth)
{
    server.route(u"/api/drivers"_s, QHttpServerRequest::Method::Get,
        [&store, &auth](
            const QHttpServerRequest &request) { return listDrivers(store, auth, request); });
    server.route(u"/api/drivers/<arg>"_s, QHttpServerRequest::Method::Get,
        [&store, &auth](const QString &id, const QHttpServerRequest &request) {
            return getDriver(store, auth, id, request);
        });
}

} // namespace Ops
