#include "driversapi.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace Ops::DriversApi {
namespace {

QString driverPath(const QString &id)
{
    return u"/api/drivers/"_s + QString::fromUtf8(QUrl::toPercentEncoding(id));
}

QByteArray ifMatch(qint64 version)
{
    return '"' + QByteArray::number(version) + '"';
}

} // namespace

ApiRequest create(const QJsonObject &fields)
{
    ApiRequest request = ApiRequest::post(u"/api/drivers"_s);
    request.setJsonBody(fields);
    return request;
}

ApiRequest edit(const QString &id, const QJsonObject &fields, qint64 expectedVersion)
{
    ApiRequest request = ApiRequest::patch(driverPath(id));
    request.setJsonBody(fields);
    request.setHeader("If-Match", ifMatch(expectedVersion));
    return request;
}

ApiRequest registerDevice(const QString &id, const QString &label)
{
    ApiRequest request = ApiRequest::post(driverPath(id) + u"/devices"_s);
    QJsonObject body;
    if (!label.trimmed().isEmpty())
        body.insert("label"_L1, label.trimmed());
    request.setJsonBody(body);
    return request;
}

ApiRequest revokeDevice(
    const QString &id, const QString &deviceId, std::optional<qint64> expectedVersion)
{
    ApiRequest request("DELETE",
        driverPath(id) + u"/devices/"_s + QString::fromUtf8(QUrl::toPercentEncoding(deviceId)));
    if (expectedVersion)
        request.setHeader("If-Match", ifMatch(*expectedVersion));
    return request;
}

} // namespace Ops::DriversApi
