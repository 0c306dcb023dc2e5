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

ApiRequest setStatus(const QString &id, OrderStatus status, std::optional<qint64> expectedVersion)
{
    ApiRequest request =
        ApiRequest::patch(u"/api/orders/"_s + QString::fromUtf8(QUrl::toPercentEncoding(id)));
    request.setJsonBody(QJsonObject { { "status"_L1, toString(status) } });
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

ApiRequest setStatusBulk(const QStringList &ids, OrderStatus status)
{
    ApiRequest request = ApiRequest::post(u"/api/orders/bulk-status"_s);
    request.setJsonBody(QJsonObject {
        { "ids"_L1, QJsonArray::fromStringList(ids) }, { "status"_L1, toString(status) } });
    return request;
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
