#include "alertsapi.h"

#include <QJsonObject>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Ops::AlertsApi {
namespace {

ApiRequest action(const QString &id, const QString &name, std::optional<qint64> expectedVersion)
{
    ApiRequest request = ApiRequest::post(
        u"/api/alerts/"_s + QString::fromUtf8(QUrl::toPercentEncoding(id)) + u'/' + name);
    if (expectedVersion)
        request.setHeader("If-Match", '"' + QByteArray::number(*expectedVersion) + '"');
    return request;
}

} // namespace

ApiRequest acknowledge(const QString &id, std::optional<qint64> expectedVersion)
{
    return action(id, u"acknowledge"_s, expectedVersion).setJsonBody(QJsonObject {});
}

ApiRequest resolve(const QString &id, std::optional<qint64> expectedVersion)
{
    return action(id, u"resolve"_s, expectedVersion).setJsonBody(QJsonObject {});
}

ApiRequest snooze(const QString &id, int minutes, std::optional<qint64> expectedVersion)
{
    return action(id, u"snooze"_s, expectedVersion)
        .setJsonBody(QJsonObject { { "minutes"_L1, minutes } });
}

ApiRequest seen(const QString &id)
{
    return action(id, u"seen"_s, std::nullopt);
}

ApiRequest openRaisedAfter(const QDateTime &after)
{
    QUrlQuery query;
    query.addQueryItem(u"status"_s, u"open"_s);
    query.addQueryItem(u"raisedAfter"_s, after.toUTC().toString(Qt::ISODateWithMs));
    return ApiRequest::get(u"/api/alerts"_s).setQuery(query);
}

ApiRequest updateRule(const QString &region, const QString &kind, const QJsonObject &fields,
    std::optional<qint64> expectedVersion)
{
    // The path is in its decoded form (ApiClient encodes it once): `*` stays `*`.
    ApiRequest request = ApiRequest::patch(u"/api/alert-rules/"_s + region + u'/' + kind);
    if (expectedVersion)
        request.setHeader("If-Match", '"' + QByteArray::number(*expectedVersion) + '"');
    return request.setJsonBody(fields);
}

} // namespace Ops::AlertsApi
