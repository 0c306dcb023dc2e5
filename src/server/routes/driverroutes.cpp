#include <algorithm>
#include <functional>

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QJsonArray>

#include "addroute.h"
#include "core/logging.h"
#include "historyanswer.h"
#include "routes.h"
#include "server/domain/driverservice.h"
#include "server/http/httpcompat.h"
#include "server/http/routesupport.h"
#include "server/store/store.h"
#include "visiblerow.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

using Method = QHttpServerRequest::Method;
using StatusCode = QHttpServerResponder::StatusCode;

//! Default and largest number of breadcrumbs one trail answer holds.
constexpr int kDefaultTrailPoints = 1000;
constexpr int kMaxTrailPoints = 10000;

//! The caller when they manage drivers, or why not.
AuthResult managerOf(const RouteServices &s, const QHttpServerRequest &request)
{
    const AuthResult caller = authenticateRequest(s.auth, request);
    if (caller.user && !caller.user->canManageDrivers())
        return { std::nullopt, Error { ErrorKind::Forbidden, u"only managers manage drivers"_s } };
    return caller;
}

//! The opening of a manager's write to driver \a id: the manager, the driver (in their regions),
//! the body checked by \a parseBody (when given) and the request's If-Match in
//! \a expectedVersion; or, with no row, why not.
VisibleRow<Driver> managedDriver(const RouteServices &s, const QString &id,
    const QHttpServerRequest &request, std::optional<qint64> *expectedVersion,
    const std::function<Error(const QByteArray &body)> &parseBody = {})
{
    const AuthResult caller = managerOf(s, request);
    if (!caller.user)
        return { std::nullopt, std::nullopt, {}, caller.error };
    VisibleRow<Driver> found = visibleRow(s.store, *caller.user, s.store.drivers(), id);
    if (!found.row)
        return found;
    Error refused = parseBody ? parseBody(request.body()) : Error {};
    if (refused.ok())
        refused = parseIfMatch(request, expectedVersion);
    if (!refused.ok()) {
        found.row.reset();
        found.error = refused;
    }
    return found;
}

QHttpServerResponse listDrivers(const RouteServices &s, const QHttpServerRequest &request)
{
    const AuthResult caller = authenticateRequest(s.auth, request);
    if (!caller.user)
        return errorResponse(caller.error);
    const QueryParams params = queryParams(request, { "status"_L1, "region"_L1, "active"_L1 });
    if (!params.error.ok())
        return errorResponse(params.error);
    const QStringList statuses = params.list(u"status"_s);
    for (const QString &status : statuses) {
        if (!driverStatusFromString(status))
            return errorResponse(Error {
                ErrorKind::BadRequest, u"unknown driver status '%1'"_s.arg(status.left(64)) });
    }
    std::optional<bool> active;
    if (params.has(u"active"_s)) {
        const QString value = params.value(u"active"_s);
        if (value != "true"_L1 && value != "false"_L1)
            return errorResponse(
                Error { ErrorKind::BadRequest, u"'active' must be true or false"_s });
        active = value == "true"_L1;
    }
    const QStringList regions = params.list(u"region"_s);
    const StoreListing<Driver> list = s.store.drivers().list(caller.user->regions, statuses);
    if (!list.error.ok())
        return errorResponse(list.error);
    QList<Driver> drivers;
    std::copy_if(list.items.begin(), list.items.end(), std::back_inserter(drivers),
        [&regions, &active](const Driver &d) {
            return (regions.isEmpty() || regions.contains(d.region))
                && (!active || d.active == *active);
        });
    return cachedList(request, *caller.user, drivers, list.position);
}

QHttpServerResponse getDriver(
    const RouteServices &s, const QString &id, const QHttpServerRequest &request)
{
    const VisibleRow<Driver> found = visibleRow(s, request, s.store.drivers(), id);
    if (!found.row)
        return errorResponse(found.error);
    return cachedJson(
        request, found.row->toJson(), versionEtag(found.row->version), found.position);
}

QHttpServerResponse driverHistory(
    const RouteServices &s, const QString &id, const QHttpServerRequest &request)
{
    return historyAnswer(s, request, s.store.drivers(), id);
}

QHttpServerResponse driverTrail(
    const RouteServices &s, const QString &id, const QHttpServerRequest &request)
{
    const VisibleRow<Driver> found = visibleRow(s, request, s.store.drivers(), id);
    if (!found.row)
        return errorResponse(found.error);
    const QueryParams params = queryParams(request, { "since"_L1, "limit"_L1 });
    if (!params.error.ok())
        return errorResponse(params.error);
    // Without `since`: everything retained (the trim keeps it bounded).
    QDateTime since = QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
    if (params.has(u"since"_s)) {
        since = QDateTime::fromString(params.value(u"since"_s), Qt::ISODateWithMs);
        if (!since.isValid())
            return errorResponse(Error { ErrorKind::BadRequest,
                u"'since' must be an ISO 8601 time, e.g. 2026-11-22T09:00:00Z"_s });
    }
    int limit = kDefaultTrailPoints;
    if (params.has(u"limit"_s)) {
        bool ok = false;
        limit = params.value(u"limit"_s).toInt(&ok);
        if (!ok || limit < 1 || limit > kMaxTrailPoints)
            return errorResponse(Error { ErrorKind::BadRequest,
                u"'limit' must be an integer from 1 to %1"_s.arg(kMaxTrailPoints) });
    }
    bool truncated = false;
    const StoreListing<TrailPoint> trail = s.store.drivers().trail(id, since, limit, &truncated);
    if (!trail.error.ok())
        return errorResponse(trail.error);
    const QJsonObject body {
        { "driverId"_L1, id },
        { "points"_L1, jsonArray(trail.items) },
        { "truncated"_L1, truncated },
    };
    return cachedJson(
        request, body, listEtag(trail.position, *found.user, request), trail.position);
}

QHttpServerResponse createDriver(const RouteServices &s, const QHttpServerRequest &request)
{
    const AuthResult caller = managerOf(s, request);
    if (!caller.user)
        return errorResponse(caller.error);
    DriverDraft draft;
    if (const Error e = parseDriverDraft(request.body(), &draft); !e.ok())
        return errorResponse(e);
    if (!caller.user->canSeeRegion(draft.region))
        return errorResponse(Error {
            ErrorKind::Forbidden, u"region %1 is outside your regions"_s.arg(draft.region) });
    const StoreWrite<Driver> result = s.drivers.create(draft, caller.user->name);
    if (!result.ok())
        return errorResponse(result.error);
    qCInfo(lcServerHttp) << caller.user->name << "created driver" << result.item->id;
    QHttpServerResponse response(result.item->toJson(), StatusCode::Created);
    setResponseHeader(response, "ETag", versionEtag(result.item->version));
    setPositionHeader(response, result.event->position());
    setResponseHeader(response, "Location", "/api/drivers/" + result.item->id.toUtf8());
    return response;
}

QHttpServerResponse patchDriver(
    const RouteServices &s, const QString &id, const QHttpServerRequest &request)
{
    DriverChange change;
    std::optional<qint64> expectedVersion;
    const VisibleRow<Driver> caller = managedDriver(s, id, request, &expectedVersion,
        [&change](const QByteArray &body) { return parseDriverPatch(body, &change); });
    if (!caller.row)
        return errorResponse(caller.error);
    if (change.region && !caller.user->canSeeRegion(*change.region))
        return errorResponse(Error {
            ErrorKind::Forbidden, u"region %1 is outside your regions"_s.arg(*change.region) });
    const StoreWrite<Driver> result =
        s.drivers.change(id, change, expectedVersion, caller.user->name);
    if (!result.ok())
        return refusedWrite(result.error, result.item);
    qCInfo(lcServerHttp) << caller.user->name << "changed driver" << id;
    return rowResponse(result.item->toJson(), result.item->version, result.event->position());
}

QHttpServerResponse registerDevice(
    const RouteServices &s, const QString &id, const QHttpServerRequest &request)
{
    QString label;
    std::optional<qint64> expectedVersion;
    const VisibleRow<Driver> caller = managedDriver(s, id, request, &expectedVersion,
        [&label](const QByteArray &body) { return parseDeviceRegistration(body, &label); });
    if (!caller.row)
        return errorResponse(caller.error);
    const DeviceRegistration registration =
        s.drivers.registerDevice(id, label, expectedVersion, caller.user->name);
    if (!registration.write.ok())
        return refusedWrite(registration.write.error, registration.write.item);
    qCInfo(lcServerHttp) << caller.user->name << "registered device" << registration.device.id
                         << "of driver" << id;
    const Driver &driver = *registration.write.item;
    // The key exists nowhere else: this answer is its only copy, and no cache may keep it.
    QHttpServerResponse response(
        QJsonObject {
            { "device"_L1, registration.device.toJson() },
            { "key"_L1, registration.key },
            { "driver"_L1, driver.toJson() },
        },
        StatusCode::Created);
    setResponseHeader(response, "Cache-Control", "no-store");
    setResponseHeader(response, "ETag", versionEtag(driver.version));
    setPositionHeader(response, registration.write.event->position());
    return response;
}

QHttpServerResponse revokeDevice(const RouteServices &s, const QString &id, const QString &deviceId,
    const QHttpServerRequest &request)
{
    std::optional<qint64> expectedVersion;
    const VisibleRow<Driver> caller = managedDriver(s, id, request, &expectedVersion);
    if (!caller.row)
        return errorResponse(caller.error);
    const StoreWrite<Driver> result =
        s.drivers.revokeDevice(id, deviceId, expectedVersion, caller.user->name);
    if (!result.ok())
        return refusedWrite(result.error, result.item);
    qCInfo(lcServerHttp) << caller.user->name << "revoked device" << deviceId << "of driver" << id;
    return rowResponse(result.item->toJson(), result.item->version, result.event->position());
}

} // namespace

void registerDriverRoutes(QHttpServer &server, const RouteServices &services)
{
    addRoute(server, u"/api/drivers"_s, Method::Get, services, listDrivers);
    addRoute(server, u"/api/drivers"_s, Method::Post, services, createDriver);
    addRoute(server, u"/api/drivers/<arg>/history"_s, Method::Get, services, driverHistory);
    addRoute(server, u"/api/drivers/<arg>/trail"_s, Method::Get, services, driverTrail);
    addRoute(server, u"/api/drivers/<arg>/devices/<arg>"_s, Method::Delete, services, revokeDevice);
    addRoute(server, u"/api/drivers/<arg>/devices"_s, Method::Post, services, registerDevice);
    addRoute(server, u"/api/drivers/<arg>"_s, Method::Get, services, getDriver);
    addRoute(server, u"/api/drivers/<arg>"_s, Method::Patch, services, patchDriver);
}

} // namespace Ops
