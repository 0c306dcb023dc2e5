#include "driveractions.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include "api/apiclient.h"
#include "api/driversapi.h"
#include "core/logging.h"
#include "keys/querykeys.h"
#include "query/queryclient.h"
#include "query/rowlist.h"
#include "realtime/connectionmanager.h"

using namespace Qt::StringLiterals;

namespace Ops {

DriverActions::DriverActions(
    QueryClient *queries, ApiClient *api, ConnectionManager *connection, QObject *parent)
    : QObject(parent)
    , m_queries(queries)
    , m_api(api)
    , m_connection(connection)
{
    connect(connection, &ConnectionManager::authenticated, this,
        [this] { Q_EMIT canManageChanged(canManage()); });
}

DriverActions::~DriverActions() = default;

bool DriverActions::canManage() const
{
    return m_connection->role() == "manager"_L1;
}

QJsonObject DriverActions::cachedDriver(const QString &id) const
{
    return RowList(m_queries->queryData(QueryKeys::drivers()).toArray()).row(id);
}

QUrl DriverActions::osmandUrl() const
{
    if (!m_api || m_api->baseUrl().isEmpty())
        return {};
    QUrl url = m_api->baseUrl();
    url.setUserInfo(QString());
    url.setQuery(QString());
    url.setFragment(QString());
    url.setPath(u"/api/osmand"_s);
    return url;
}

QStringList DriverActions::knownRegions() const
{
    QSet<QString> seen;
    const QJsonArray rows = m_queries->queryData(QueryKeys::drivers()).toArray();
    for (const QJsonValue &row : rows) {
        const QString region = row.toObject().value("region"_L1).toString();
        if (!region.isEmpty())
            seen.insert(region);
    }
    QStringList regions(seen.begin(), seen.end());
    regions.sort();
    return regions;
}

bool DriverActions::create(const QJsonObject &fields, QObject *context, Done done)
{
    return send(u"create"_s, QString(), DriversApi::create(fields), context, std::move(done));
}

bool DriverActions::edit(const QString &id, const QJsonObject &fields, qint64 expectedVersion,
    QObject *context, Done done)
{
    return send(
        u"edit"_s, id, DriversApi::edit(id, fields, expectedVersion), context, std::move(done));
}

bool DriverActions::setActive(const QString &id, bool active, QObject *context, Done done)
{
    const QJsonObject row = cachedDriver(id);
    if (row.isEmpty())
        return false;
    return send(active ? u"reactivate"_s : u"deactivate"_s, id,
        DriversApi::edit(id, { { "active"_L1, active } }, row.value("version"_L1).toInteger()),
        context, std::move(done));
}

bool DriverActions::registerDevice(
    const QString &id, const QString &label, QObject *context, Done done)
{
    return send(u"register a device of"_s, id, DriversApi::registerDevice(id, label), context,
        std::move(done));
}

bool DriverActions::revokeDevice(
    const QString &id, const QString &deviceId, QObject *context, Done done)
{
    return send(u"revoke a device of"_s, id, DriversApi::revokeDevice(id, deviceId), context,
        std::move(done));
}

QString DriverActions::fieldOf(const QJsonObject &errorBody)
{
    if (const QString field = errorBody.value("field"_L1).toString(); !field.isEmpty())
        return field;
    static const QRegularExpression quoted(u"^'([A-Za-z]+)'"_s);
    const auto match = quoted.match(errorBody.value("message"_L1).toString());
    return match.hasMatch() ? match.captured(1) : QString();
}

bool DriverActions::send(
    const QString &what, const QString &id, const ApiRequest &request, QObject *context, Done done)
{
    if (!m_api)
        return false;
    qCInfo(lcSync) << "driver:" << what << (id.isEmpty() ? u"(new)"_s : id);
    ApiCall *call = m_api->send(request);
    connect(call, &ApiCall::finished, context,
        [this, id, done = std::move(done)](const ApiResult &answer) {
            DriverActionResult result;
            const QJsonObject body = answer.json.toObject();
            result.ok = answer.ok();
            result.kind = answer.error.kind;
            if (result.ok) {
                // A device's answer wraps the driver; every other answer is the driver.
                result.driver = body.contains("key"_L1) ? body.value("driver"_L1).toObject() : body;
                result.device = body.value("device"_L1).toObject();
                result.deviceKey = body.value("key"_L1).toString();
                writeServerRow(result.driver);
                const QString changed = RowList::idOf(result.driver);
                m_queries->invalidateQueries(QueryFilter::prefix(QueryKeys::driver(changed)));
                Q_EMIT driverChanged(changed, result.driver);
            } else {
                const QString server = body.value("message"_L1).toString();
                result.message = server.isEmpty() ? answer.error.message : server;
                if (result.kind == ErrorKind::BadRequest)
                    result.field = fieldOf(body);
                if (result.kind == ErrorKind::Conflict) {
                    result.driver = body.value("current"_L1).toObject();
                    writeServerRow(result.driver);
                }
                qCInfo(lcSync) << "driver change of" << id << "refused:" << result.message;
            }
            done(result);
        });
    return true;
}

void DriverActions::writeServerRow(const QJsonObject &row)
{
    if (RowList::idOf(row).isEmpty())
        return;
    m_queries->patchServerData(
        QueryKeys::drivers(), [&row](const QJsonValue &old) -> std::optional<QJsonValue> {
            if (!old.isArray())
                return std::nullopt;
            RowList list(old.toArray());
            return list.upsertNewer(row) ? std::optional<QJsonValue>(list.toJson()) : std::nullopt;
        });
}

} // namespace Ops
