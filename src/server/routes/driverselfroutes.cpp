#include <QHttpServer>
#include <QHttpServerRequest>

#include "addroute.h"
#include "core/logging.h"
#include "positionanswer.h"
#include "routes.h"
#include "server/domain/orderservice.h"
#include "server/store/store.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

using Method = QHttpServerRequest::Method;

//! \brief The driver a driver's token names, when it may act.
struct Self
{
    std::optional<User> user;
    Error error;
};

Self self(const RouteServices &s, const QHttpServerRequest &request)
{
    const AuthResult caller = authenticateRequest(s.auth, request, Audience::Driver);
    if (!caller.user)
        return { std::nullopt, caller.error };
    const auto driver = s.store.drivers().get(caller.user->driverId);
    if (!driver) {
        const Error why = s.store.notFoundError({});
        return { std::nullopt,
            why.kind == ErrorKind::NotFound ? Error { ErrorKind::Forbidden,
                u"this token's driver %1 does not exist"_s.arg(caller.user->driverId) }
                                            : why };
    }
    if (!driver->active)
        return { std::nullopt,
            Error { ErrorKind::Forbidden, u"driver %1 is deactivated"_s.arg(driver->id) } };
    return { caller.user, {} };
}

QHttpServerResponse myOrders(const RouteServices &s, const QHttpServerRequest &request)
{
    const Self me = self(s, request);
    if (!me.user)
        return errorResponse(me.error);
    const QueryParams params = queryParams(request, {});
    if (!params.error.ok())
        return errorResponse(params.error);
    OrderQuery query;
    query.drivers = { me.user->driverId };
    query.statuses = { toString(OrderStatus::Assigned), toString(OrderStatus::PickedUp),
        toString(OrderStatus::InTransit) };
    const OrderList list = s.store.orders().query(query);
    if (!list.error.ok())
        return errorResponse(list.error);
    return cachedList(request, *me.user, list.orders, list.position);
}

QHttpServerResponse reportOrderStatus(
    const RouteServices &s, const QString &id, const QHttpServerRequest &request)
{
    const Self me = self(s, request);
    if (!me.user)
        return errorResponse(me.error);
    DriverOrderReport report;
    if (const Error e = parseDriverOrderReport(request.body(), &report); !e.ok())
        return errorResponse(e);
    std::optional<qint64> expectedVersion;
    if (const Error e = parseIfMatch(request, &expectedVersion); !e.ok())
        return errorResponse(e);
    StoreWrite<Order> result =
        s.orders.reportByDriver(me.user->driverId, id, report, expectedVersion, me.user->name);
    if (!result.ok()) {
        // An order that is no longer this driver's is not shown to it.
        if (result.item && result.item->driverId != me.user->driverId)
            result.item.reset();
        if (result.error.kind == ErrorKind::NotFound)
            return errorResponse(s.store.notFoundError(result.error.message));
        return refusedWrite(result.error, result.item);
    }
    qCInfo(lcServerHttp) << me.user->name << "marked order" << id << toString(result.item->status);
    return rowResponse(result.item->toJson(), result.item->version, result.event->position());
}

QHttpServerResponse reportPosition(const RouteServices &s, const QHttpServerRequest &request)
{
    const Self me = self(s, request);
    if (!me.user)
        return errorResponse(me.error);
    std::optional<QHttpServerResponse> refused;
    if (!admitAddress(s.reportsPerAddress, s.positions, request, &refused))
        return std::move(*refused);
    const ReportParse<PositionReport> parsed = parseDriverPosition(request.body());
    if (!parsed.report) {
        s.positions.countRejection(parsed.reason);
        return errorResponse(Error { ErrorKind::BadRequest, parsed.message },
            { { "reason"_L1, reportRejectionName(parsed.reason) } });
    }
    std::chrono::milliseconds retryAfter { 0 };
    const PositionIntake::Result result = s.positions.reportForDriver(
        me.user->driverId, *parsed.report, deviceGate(s.reportsPerDevice, &retryAfter));
    return positionAnswer(result, retryAfter);
}

} // namespace

void registerDriverSelfRoutes(QHttpServer &server, const RouteServices &services)
{
    addRoute(server, u"/api/me/orders"_s, Method::Get, services, myOrders);
    addRoute(server, u"/api/me/orders/<arg>/status"_s, Method::Post, services, reportOrderStatus);
    addRoute(server, u"/api/me/position"_s, Method::Post, services, reportPosition);
}

} // namespace Ops
