#include "awayalerts.h"

#include <QJsonArray>
#include <QSettings>

#include "api/alertsapi.h"
#include "api/apicall.h"
#include "api/apiclient.h"
#include "core/logging.h"

using namespace Qt::StringLiterals;

namespace Ops {

AwayAlerts::AwayAlerts(ApiClient *api, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    m_touch.setInterval(std::chrono::seconds(30));
    connect(&m_touch, &QTimer::timeout, this, &AwayAlerts::touch);
}

AwayAlerts::~AwayAlerts()
{
    touch(); // quitting while live: live until now
}

void AwayAlerts::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

void AwayAlerts::setTouchInterval(std::chrono::milliseconds interval)
{
    m_touch.setInterval(interval);
}

std::chrono::milliseconds AwayAlerts::touchInterval() const
{
    return m_touch.intervalAsDuration();
}

QString AwayAlerts::settingsKey(const QUrl &server, const QString &user)
{
    const QString where = server
                              .adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery
                                  | QUrl::RemoveFragment)
                              .toString();
    // One key per server and user, without the separators QSettings reads as groups.
    return QString::fromLatin1(QUrl::toPercentEncoding(where + u' ' + user));
}

void AwayAlerts::setIdentity(const QUrl &server, const QString &user)
{
    const QString key = settingsKey(server, user);
    if (key == m_key)
        return;
    m_key = key;
    ++m_generation;
    m_fetching = false;
    m_unfetched = {};
    m_since = {};
    QSettings settings;
    m_lastLive = QDateTime::fromString(
        settings.value(u"awayAlerts/"_s + m_key).toString(), Qt::ISODateWithMs);
    if (!m_alerts.isEmpty()) {
        m_alerts.clear();
        Q_EMIT changed();
    }
}

QDateTime AwayAlerts::lastLive() const
{
    return m_lastLive;
}

void AwayAlerts::store(const QDateTime &at)
{
    if (m_key.isEmpty() || !at.isValid())
        return;
    m_lastLive = at.toUTC();
    QSettings settings;
    settings.setValue(u"awayAlerts/"_s + m_key, m_lastLive.toString(Qt::ISODateWithMs));
}

void AwayAlerts::touch()
{
    if (m_live)
        store(m_clock());
}

void AwayAlerts::setLive(bool live, const QDateTime &asOf)
{
    if (live == m_live)
        return;
    m_live = live;
    if (!live) {
        m_touch.stop();
        store(asOf.isValid() ? asOf : m_clock());
        return;
    }
    QDateTime after = m_lastLive;
    if (m_unfetched.isValid() && (!after.isValid() || m_unfetched < after))
        after = m_unfetched;
    store(m_clock());
    m_touch.start();
    if (after.isValid())
        fetch(after);
}

void AwayAlerts::fetch(const QDateTime &after)
{
    if (!m_api)
        return;
    m_fetching = true;
    m_unfetched = after;
    const quint64 generation = m_generation;
    qCInfo(lcSync) << "alerts raised while away, since" << after;
    ApiCall *call = m_api->send(AlertsApi::openRaisedAfter(after));
    connect(call, &ApiCall::finished, this, [this, after, generation](const ApiResult &result) {
        if (generation != m_generation)
            return;
        m_fetching = false;
        if (!result.ok()) {
            qCInfo(lcSync) << "alerts raised while away not fetched:" << result.error.message;
            Q_EMIT fetched(false, 0);
            return;
        }
        m_unfetched = {};
        int added = 0;
        for (const QJsonValue &v : result.json.toArray()) {
            const QJsonObject alert = v.toObject();
            if (contains(alert.value("id"_L1).toString()))
                continue;
            m_alerts.append(alert);
            ++added;
        }
        if (added > 0) {
            std::stable_sort(
                m_alerts.begin(), m_alerts.end(), [](const QJsonObject &a, const QJsonObject &b) {
                    return a.value("raisedAt"_L1).toString() < b.value("raisedAt"_L1).toString();
                });
            if (!m_since.isValid() || after < m_since)
                m_since = after;
            Q_EMIT changed();
        }
        Q_EMIT fetched(true, added);
    });
}

bool AwayAlerts::contains(const QString &id) const
{
    return std::any_of(m_alerts.begin(), m_alerts.end(),
        [&id](const QJsonObject &a) { return a.value("id"_L1).toString() == id; });
}

void AwayAlerts::markLookedAt(const QString &id)
{
    const auto removed = m_alerts.removeIf(
        [&id](const QJsonObject &a) { return a.value("id"_L1).toString() == id; });
    if (removed == 0)
        return;
    if (m_alerts.isEmpty())
        m_since = {};
    Q_EMIT changed();
}

void AwayAlerts::dismissAll()
{
    if (m_alerts.isEmpty())
        return;
    m_alerts.clear();
    m_since = {};
    Q_EMIT changed();
}

} // namespace Ops
