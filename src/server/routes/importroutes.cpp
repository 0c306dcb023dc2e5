#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>

#include "addroute.h"
#include "core/logging.h"
#include "routes.h"
#include "server/domain/orderimport.h"
#include "server/domain/orderservice.h"
#include "server/http/httpcompat.h"
#include "server/http/routesupport.h"
#include "server/store/store.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

using StatusCode = QHttpServerResponder::StatusCode;

//! `?dryRun=1` and the like: 1/true/yes or 0/false/no; absent is false.
std::optional<bool> flag(const QueryParams &params, const QString &name)
{
    if (!params.has(name))
        return false;
    const QString value = params.value(name).toLower();
    if (value == "1"_L1 || value == "true"_L1 || value == "yes"_L1 || value.isEmpty())
        return true;
    if (value == "0"_L1 || value == "false"_L1 || value == "no"_L1)
        return false;
    return std::nullopt;
}

QHttpServerResponse importOrders(const RouteServices &s, const QHttpServerRequest &request)
{
    const AuthResult caller =
        authenticateWriter(s.auth, request, u"viewers may not import orders"_s);
    if (!caller.user)
        return errorResponse(caller.error);
    const QueryParams params = queryParams(request, { "dryRun"_L1, "partial"_L1 });
    if (!params.error.ok())
        return errorResponse(params.error);
    const auto dryRun = flag(params, u"dryRun"_s);
    const auto partial = flag(params, u"partial"_s);
    if (!dryRun || !partial)
        return errorResponse(
            Error { ErrorKind::BadRequest, u"'dryRun' and 'partial' take 1 or 0"_s });
    // text/csv, optionally with charset=utf-8: another charset is a different file.
    const QByteArray type = request.value("Content-Type").toLower();
    const QList<QByteArray> parts = type.split(';');
    const bool csv = parts.value(0).trimmed() == "text/csv";
    bool utf8 = true;
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray part = parts.at(i).trimmed();
        if (part.startsWith("charset=")) {
            QByteArray charset = part.mid(8);
            charset.replace('"', QByteArray());
            utf8 = charset == "utf-8" || charset == "utf8";
        }
    }
    if (!csv || !utf8) {
        countRejectedIntake(s.metrics, "import", u"content_type"_s);
        return errorResponse(Error {
            ErrorKind::BadRequest, u"send the file as 'Content-Type: text/csv' (UTF-8)"_s });
    }
    if (request.body().size() > MaxImportBodyBytes) {
        countRejectedIntake(s.metrics, "import", u"too_large"_s);
        return errorResponse(Error { ErrorKind::PayloadTooLarge,
            u"the file is larger than %1 bytes; split it"_s.arg(MaxImportBodyBytes) });
    }
    ImportRequest import;
    import.csv = request.body();
    import.actor = caller.user->name;
    import.visibleRegions = caller.user->regions;
    import.dryRun = *dryRun;
    import.partial = *partial;
    import.limits.maxBytes = MaxImportBodyBytes;
    const ImportReport report = OrderImport::run(s.store, import);
    if (!report.error.ok()) {
        if (report.rejection != "storage"_L1)
            countRejectedIntake(s.metrics, "import", report.rejection);
        return errorResponse(report.error,
            report.rejection == "invalid_rows"_L1 ? QJsonObject { { "report"_L1, report.toJson() } }
                                                  : QJsonObject {});
    }
    if (report.problemCount > 0)
        countRejectedIntake(s.metrics, "import", u"invalid_rows"_s);
    qCInfo(lcServerHttp) << caller.user->name << (report.dryRun ? "checked" : "imported")
                         << report.rowsRead << "rows:" << report.created << "new";
    QHttpServerResponse response(report.toJson());
    setPositionHeader(response, report.event ? report.event->position() : s.store.log().head());
    return response;
}

} // namespace

void registerImportRoutes(QHttpServer &server, const RouteServices &services)
{
    addRoute(
        server, u"/api/orders/import"_s, QHttpServerRequest::Method::Post, services, importOrders);
}

} // namespace Ops
