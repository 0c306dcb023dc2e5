#include <QHttpServer>
#include <QHttpServerRequest>
#include <QUrl>

#include "addroute.h"
#include "positionanswer.h"
#include "routes.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

using Method = QHttpServerRequest::Method;

QHttpServerResponse osmAndReport(const RouteServices &s, const QHttpServerRequest &request)
{
    // No token: the device key in the report is the credential. The address limit comes
    // first, so a flood of made-up keys costs no database lookups.
    std::optional<QHttpServerResponse> refused;
    if (!admitAddress(s.reportsPerAddress, s.positions, request, &refused))
        return std::move(*refused);
    std::chrono::milliseconds retryAfter { 0 };
    const QByteArray query = request.url().query(QUrl::FullyEncoded).toUtf8();
    const PositionIntake::Result result = s.positions.submitOsmAnd(query, request.body(),
        request.value("Content-Type"), deviceGate(s.reportsPerDevice, &retryAfter));
    return positionAnswer(result, retryAfter);
}

} // namespace

void registerOsmAndRoutes(
    QHttpServer &server, const RouteServices &services, const QStringList &paths)
{
    for (const QString &path : paths) {
        for (const Method method : { Method::Get, Method::Post }) {
            addRoute(server, path, method, services, osmAndReport);
        }
    }
}

} // namespace Ops
