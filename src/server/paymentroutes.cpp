#include "paymentroutes.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QJsonArray>

#include "auth.h"
#include "routesupport.h"
#include "store.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

QHttpServerResponse listPayments(Store &store, const Auth &auth, const QHttpServerRequest &request)
{
    const AuthResult caller = authenticateRequest(auth, request);
    if (!caller.user)
        return errorResponse(caller.error);
    if (!caller.user->canReadPayments())
        return errorResponse(Error { ErrorKind::Forbidden, u"payments are for managers only"_s });
    const QueryParams params = queryParams(request, { "orderId"_L1 });
    if (!params.error.ok())
        return errorResponse(params.error);
    const StoreListing<Payment> list =
        store.listPayments(caller.user->regions, params.value(u"orderId"_s));
    if (!list.error.ok())
        return errorResponse(list.error);
    QJsonArray payments;
    for (const Payment &payment : list.items)
        payments.append(payment.toJson());
    return cachedJson(
        request, payments, listEtag(list.position, *caller.user, request), list.position);
}

} // namespace

void registerPaymentRoutes(QHttpServer &server, Store &store, const Auth &auth)
{
    server.route(u"/api/payments"_s, QHttpServerRequest::Method::Get,
        [&store, &auth](
            const QHttpServerRequest &request) { return listPayments(store, auth, request); });
}

} // namespace Ops
