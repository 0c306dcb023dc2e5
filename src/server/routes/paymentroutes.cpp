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

QHttpServerResponse listPayments(const RouteServices &s, const QHttpServerRequest &request)
{
    const AuthResult caller = authenticateRequest(s.auth, request);
    if (!caller.user)
        return errorResponse(caller.error);
    if (!caller.user->canReadPayments())
        return errorResponse(Error { ErrorKind::Forbidden, u"payments are for managers only"_s });
    const QueryParams params = queryParams(request, { "orderId"_L1 });
    if (!params.error.ok())
        return errorResponse(params.error);
    const StoreListing<Payment> list =
        s.store.payments().list(caller.user->regions, params.value(u"orderId"_s));
    if (!list.error.ok())
        return errorResponse(list.error);
    return cachedList(request, *caller.user, list.items, list.position);
}

} // namespace

void registerPaymentRoutes(QHttpServer &server, const RouteServices &services)
{
    addRoute(server, u"/api/payments"_s, QHttpServerRequest::Method::Get, services, listPayments);
}

} // namespace Ops
