#include "orderroutes.h"

#include "auth.h"
#include "core/logging.h"
#include "protocol/frames.h"
#include "store.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

using Method = QHttpServerRequest::Method;
using StatusCode = QHttpServerResponder::StatusCode;

//! Either the authenticated user or the response that refuses the request.
struct AuthResult
{
    std::optional<User> user;
    Error error;
};

AuthResult authenticate(const Auth &auth, const QHttpServerRequest &request)
{
    const QByteArray header = request.value("Authorization").trimmed();
    constexpr QByteArrayView scheme("bearer ");
    if (header.size() <= scheme.size() || !header.left(scheme.size()).toLower().startsWith(scheme))
        return { std::nullopt,
            Error { ErrorKind::Unauthorized, u"missing 'Authorization: Bearer <token>'"_s } };
    const auto user = auth.authenticate(QString::fromUtf8(header.mid(scheme.size()).trimmed()));
    if (!user)
        return { std::nullopt, Error { ErrorKind::Unauthorized, u"invalid token"_s } };
    return { user, {} };
}

QByteArray positionHeaderName()
{
    return QByteArray(Wire::PositionHeader.data(), Wire::PositionHeader.size());
}

QByteArray etagFor(const Order &order)
{
    return '"' + QByteArray::number(order.version) + '"';
}

QHttpServerResponse orderResponse(const Order &order, const StreamPosition &position)
{
    QHttpServerResponse response(order.toJson());
    response.setHeader("ETag", etagFor(order));
    response.setHeader(positionHeaderName(), position.toHeaderValue().toUtf8());
    return response;
}

//! `If-Match: "<version>"`, `If-Match: <version>` or `*`; nullopt in \a out means no check.
Error parseIfMatch(const QHttpServerRequest &request, std::optional<qint64> *out)
{
    QByteArray value = request.value("If-Match").trimmed();
    if (value.isEmpty() || value == "*")
        return {};
    if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
        value = value.mid(1, value.size() - 2);
    bool ok = false;
    const qint64 version = value.toLongLong(&ok);
    if (!ok || version < 0)
        return Error { ErrorKind::BadRequest, u"If-Match must be a version, e.g. \"3\""_s };
    *out = version;
    return {};
}

//! The PATCH body: exactly `{"status": "<known status>"}`.
Error parseStatusPatch(const QByteArray &body, OrderStatus *out)
{
    if (body.size() > MaxRequestBodyBytes)
        return Error { ErrorKind::PayloadTooLarge,
            u"body larger than %1 bytes"_s.arg(MaxRequestBodyBytes) };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error { ErrorKind::BadRequest, u"malformed JSON at offset %1: %2"_s
                                                  .arg(parseError.offset)
                                                  .arg(parseError.errorString()) };
    if (!doc.isObject())
        return Error { ErrorKind::BadRequest, u"body must be a JSON object"_s };
    const QJsonObject json = doc.object();
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (it.key() != "status"_L1)
            return Error { ErrorKind::BadRequest,
                u"unknown field '%1'; only 'status' may be changed"_s.arg(it.key()) };
    }
    const QJsonValue status = json.value("status"_L1);
    if (!status.isString())
        return Error { ErrorKind::BadRequest, u"'status' must be a string"_s };
    const auto parsed = orderStatusFromString(status.toString());
    if (!parsed)
        return Error { ErrorKind::BadRequest,
            u"unknown status '%1'"_s.arg(status.toString().left(64)) };
    *out = *parsed;
    return {};
}

Error forbiddenRegion(const QString &id)
{
    return Error { ErrorKind::Forbidden, u"order %1 is outside your regions"_s.arg(id) };
}

QHttpServerResponse listOrders(Store &store, const Auth &auth, const QHttpServerRequest &request)
{
    const AuthResult caller = authenticate(auth, request);
    if (!caller.user)
        return errorResponse(caller.error);
    const Store::OrderList list = store.listOrders();
    if (!list.error.ok())
        return errorResponse(list.error);
    QJsonArray orders;
    for (const Order &order : list.orders) {
        if (caller.user->canSeeRegion(order.region))
            orders.append(order.toJson());
    }
    QHttpServerResponse response(orders);
    response.setHeader(positionHeaderName(), list.position.toHeaderValue().toUtf8());
    return response;
}

QHttpServerResponse getOrder(Store &store, const Auth &auth, const QString &id,
    const QHttpServerRequest &request)
{
    const AuthResult caller = authenticate(auth, request);
    if (!caller.user)
        return errorResponse(caller.error);
    // Head before the row: the position never claims more than the row reflects.
    const StreamPosition position = store.head();
    const auto order = store.order(id);
    if (!order)
        return errorResponse(Error { ErrorKind::NotFound, u"order %1 not found"_s.arg(id) });
    if (!caller.user->canSeeRegion(order->region))
        return errorResponse(forbiddenRegion(id));
    return orderResponse(*order, position);
}

QHttpServerResponse patchOrder(Store &store, const Auth &auth, const QString &id,
    const QHttpServerRequest &request)
{
    const AuthResult caller = authenticate(auth, request);
    if (!caller.user)
        return errorResponse(caller.error);
    if (!caller.user->canWrite())
        return errorResponse(Error { ErrorKind::Forbidden, u"viewers may not change orders"_s });
    OrderStatus to = OrderStatus::New;
    if (Error e = parseStatusPatch(request.body(), &to); !e.ok())
        return errorResponse(e);
    std::optional<qint64> expectedVersion;
    if (Error e = parseIfMatch(request, &expectedVersion); !e.ok())
        return errorResponse(e);
    const auto existing = store.order(id);
    if (!existing)
        return errorResponse(Error { ErrorKind::NotFound, u"order %1 not found"_s.arg(id) });
    if (!caller.user->canSeeRegion(existing->region))
        return errorResponse(forbiddenRegion(id));

    const Store::WriteResult result = store.updateOrderStatus(id, to, expectedVersion,
        caller.user->name);
    if (!result.ok()) {
        if (result.error.kind == ErrorKind::Conflict && result.order) {
            QHttpServerResponse response
                = errorResponse(result.error, { { "current"_L1, result.order->toJson() } });
            response.setHeader("ETag", etagFor(*result.order));
            return response;
        }
        return errorResponse(result.error);
    }
    qCInfo(lcServerHttp) << caller.user->name << "set order" << id << "to" << toString(to);
    return orderResponse(*result.order, result.event ? result.event->position() : store.head());
}

} // namespace

QHttpServerResponse errorResponse(const Error &error, const QJsonObject &extra)
{
    QJsonObject body = extra;
    body.insert("error"_L1, Error::kindName(error.kind));
    body.insert("message"_L1, error.message);
    if (error.kind == ErrorKind::Storage || error.kind == ErrorKind::Server)
        qCWarning(lcServerHttp) << "request failed:" << error.message;
    return QHttpServerResponse(body, static_cast<StatusCode>(Error::httpStatus(error.kind)));
}

void registerOrderRoutes(QHttpServer &server, Store &store, const Auth &auth)
{
    // Health checks carry no data, so they need no token.
    server.route(u"/healthz"_s, Method::Get, [] {
        return QHttpServerResponse(QJsonObject {
            { "status"_L1, "ok"_L1 },
            { "version"_L1, QLatin1StringView(OPS_VERSION) },
        });
    });
    server.route(u"/api/orders"_s, Method::Get,
        [&store, &auth](const QHttpServerRequest &request) {
            return listOrders(store, auth, request);
        });
    server.route(u"/api/orders/<arg>"_s, Method::Get,
        [&store, &auth](const QString &id, const QHttpServerRequest &request) {
            return getOrder(store, auth, id, request);
        });
    server.route(u"/api/orders/<arg>"_s, Method::Patch,
        [&store, &auth](const QString &id, const QHttpServerRequest &request) {
            return patchOrder(store, auth, id, request);
        });
    server.setMissingHandler(
        [](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            const QString path = request.url().path();
            if (path == Wire::SocketPath) {
                const QJsonObject body { { "error"_L1, "upgrade_required"_L1 },
                    { "message"_L1, u"%1 is a WebSocket endpoint"_s.arg(path) } };
                responder.write(QJsonDocument(body).toJson(QJsonDocument::Compact),
                    "application/json"_ba, StatusCode::UpgradeRequired);
                return;
            }
            const bool known = path == "/healthz"_L1 || path == "/api/orders"_L1
                || path.startsWith("/api/orders/"_L1);
            const QJsonObject body { { "error"_L1, known ? "method_not_allowed"_L1 : "not_found"_L1 },
                { "message"_L1, known ? u"method not allowed on %1"_s.arg(path)
                                      : u"no route for %1"_s.arg(path) } };
            responder.write(QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json"_ba,
                known ? StatusCode::MethodNotAllowed : StatusCode::NotFound);
        });
}

} // namespace Ops
