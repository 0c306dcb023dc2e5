#include "kpiroutes.h"

#include <QHttpServer>
#include <QHttpServerRequest>

#include "auth.h"
#include "routesupport.h"
#include "store.h"

using namespace Qt::StringLiterals;

namespace Ops {

void registerKpiRoutes(QHttpServer &server, Store &store, const Auth &auth)
{
    server.route(u"/api/kpis"_s, QHttpServerRequest::Method::Get,
        [&store, &auth](const QHttpServerRequest &request) {
            const AuthResult caller = authenticateRequest(auth, request);
            if (!caller.user)
                return errorResponse(caller.error);
            const QueryParams params = queryParams(request, {});
            if (!params.error.ok())
                return errorResponse(params.error);
            // Head first: the figures reflect at least this position. KPIs depend on the clock
            // ("late"), so they carry no ETag.
            const StreamPosition position = store.head();
            QHttpServerResponse response(
                store.kpis(caller.user->regions, QDateTime::currentDateTimeUtc()).toJson());
            setPositionHeader(response, position);
            return response;
        });
}

} // namespace Ops
