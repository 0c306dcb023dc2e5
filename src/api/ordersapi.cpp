#include "ordersapi.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Ops::OrdersApi {

ApiRequest list()
{
    return ApiRequest::get(u"/api/orders"_s);
}

ApiRequest item(const QString &id)
{
    return ApiRequest::get(u"/api/orders/"_s + QString::fromUtf8(QUrl::toPercentEncoding(id)));
}

ApiRequest setStatus(const QString &id, OrderStatus status, std::optional<qint64> expectedVersion,
    const QString &reason)
{
    ApiRequest request =
        ApiRequest::patch(u"/api/orders/"_s + QString::fromUtf8(QUrl::toPercentEncoding(id)));
    QJsonObject body { { "status"_L1, toString(status) } };
    if (!reason.isEmpty())
        body.insert("reason"_L1, reason);
    request.setJsonBody(body);
    if (expectedVersion)
        request.setHeader("If-Match", '"' + QByteArray::number(*expectedVersion) + '"');
    return request;
}

ApiRequest assignDriver(const QString &id, const QString &driverId,
    std::optional<OrderStatus> status, std::optional<qint64> expectedVersion)
{
    ApiRequest request =
        ApiRequest::patch(u"/api/orders/"_s + QString::fromUtf8(QUrl::toPercentEncoding(id)));
    QJsonObject body { { "driverId"_L1,
        driverId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(driverId) } };
    if (status)
        body.insert("status"_L1, toString(*status));
    request.setJsonBody(body);
    if (expectedVersion)
        request.setHeader("If-Match", '"' + QByteArray::number(*expectedVersion) + '"');
    return request;
}

ApiRequest setStatusBulk(const QStringList &ids, OrderStatus status, const QString &reason)
{
    ApiRequest request = ApiRequest::post(u"/api/orders/bulk-status"_s);
    QJsonObject body { { "ids"_L1, QJsonArray::fromStringList(ids) },
        { "status"_L1, toString(status) } };
    if (!reason.isEmpty())
        body.insert("reason"_L1, reason);
    request.setJsonBody(body);
    return request;
}

ApiRequest create(const QJsonObject &fields, const QByteArray &idempotencyKey)
{
    ApiRequest request = ApiRequest::post(u"/api/orders"_s);
    request.setJsonBody(fields);
    if (!idempotencyKey.isEmpty())
        request.setHeader("Idempotency-Key", idempotencyKey);
    return request;
}

ApiRequest edit(const QString &id, const QJsonObject &changes, qint64 expectedVersion)
{
    ApiRequest request =
        ApiRequest::patch(u"/api/orders/"_s + QString::fromUtf8(QUrl::toPercentEncoding(id)));
    request.setJsonBody(changes);
    request.setHeader("If-Match", '"' + QByteArray::number(expectedVersion) + '"');
    return request;
}

ApiRequest reassignAll(const QString &fromDriver, const QString &toDriver, const QString &reason)
{
    ApiRequest request = ApiRequest::post(u"/api/orders/bulk-assign"_s);
    QJsonObject body { { "fromDriver"_L1, fromDriver },
        { "driverId"_L1, toDriver.isEmpty() ? QJsonValue(QJsonValue::Null) : toDriver } };
    if (!reason.isEmpty())
        body.insert("reason"_L1, reason);
    request.setJsonBody(body);
    return request;
}

ApiRequest importCsv(const QByteArray &csv, bool dryRun, bool partial)
{
    ApiRequest request = ApiRequest::post(u"/api/orders/import"_s);
    QUrlQuery query;
    if (dryRun)
        query.addQueryItem(u"dryRun"_s, u"1"_s);
    if (partial)
        query.addQueryItem(u"partial"_s, u"1"_s);
    request.setQuery(query);
    request.setBody(csv, "text/csv; charset=utf-8");
    // A file of 10,000 rows is checked and written in a few seconds on a loaded server.
    request.setTimeout(std::chrono::seconds(60));
    return request;
}

std::optional<ImportReport> parseImportReport(const QJsonValue &json, QString *error)
{
    const QJsonObject o = json.toObject();
    const char *const counts[] = { "rowsRead", "rowsValid", "created", "problemCount",
        "existingCount" };
    for (const char *key : counts) {
        if (!o.value(QLatin1StringView(key)).isDouble()) {
            *error = u"import report without '%1'"_s.arg(QLatin1StringView(key));
            return std::nullopt;
        }
    }
    ImportReport r;
    r.dryRun = o.value("dryRun"_L1).toBool();
    r.rowsRead = o.value("rowsRead"_L1).toInt();
    r.rowsValid = o.value("rowsValid"_L1).toInt();
    r.created = o.value("created"_L1).toInt();
    r.problemCount = o.value("problemCount"_L1).toInt();
    r.existingCount = o.value("existingCount"_L1).toInt();
    for (const QJsonValue &v : o.value("problems"_L1).toArray()) {
        const QJsonObject p = v.toObject();
        r.problems.append({ p.value("row"_L1).toInt(), p.value("line"_L1).toInt(),
            p.value("field"_L1).toString(), p.value("reason"_L1).toString() });
    }
    for (const QJsonValue &v : o.value("existing"_L1).toArray()) {
        const QJsonObject e = v.toObject();
        r.existing.append({ e.value("row"_L1).toInt(), e.value("externalRef"_L1).toString(),
            e.value("id"_L1).toString() });
    }
    r.importId = o.value("import"_L1).toString();
    r.firstId = o.value("firstId"_L1).toString();
    r.lastId = o.value("lastId"_L1).toString();
    return r;
}

std::optional<QList<Order>> parseList(const QJsonValue &json, QString *error)
{
    if (!json.isArray()) {
        *error = u"orders answer is not a JSON array"_s;
        return std::nullopt;
    }
    QList<Order> orders;
    const QJsonArray array = json.toArray();
    orders.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        QString rowError;
        auto order = Order::fromJson(array.at(i).toObject(), &rowError);
        if (!order) {
            *error = u"order %1: %2"_s.arg(i).arg(rowError);
            return std::nullopt;
        }
        orders.append(std::move(*order));
    }
    return orders;
}

} // namespace Ops::OrdersApi
