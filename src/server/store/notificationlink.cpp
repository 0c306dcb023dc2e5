#include "notificationlink.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include "core/logging.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

constexpr std::chrono::milliseconds kFirstRetry { 100 };
constexpr std::chrono::milliseconds kMaxRetry { 2000 };

} // namespace

NotificationLink::NotificationLink(const QString &templateConnection, const QString &connectionName,
    QString channel, QObject *parent)
    : QObject(parent)
    , m_connectionName(connectionName)
    , m_channel(std::move(channel))
{
    {
        QSqlDatabase db = QSqlDatabase::cloneDatabase(templateConnection, m_connectionName);
        // Later options win in libpq: operators (and tests) can tell this connection apart.
        db.setConnectOptions(db.connectOptions() + u";application_name="_s + ApplicationName);
        // The driver object lives as long as the connection name, across close() and open().
        connect(db.driver(), &QSqlDriver::notification, this,
            [this](const QString &name, QSqlDriver::NotificationSource, const QVariant &) {
                onNotification(name);
            });
    }
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        if (!connectNow())
            scheduleRetry();
    });
    connect(&m_checkTimer, &QTimer::timeout, this, &NotificationLink::check);
    m_checkTimer.setInterval(std::chrono::seconds(1));
}

NotificationLink::~NotificationLink()
{
    m_checkTimer.stop();
    m_retryTimer.stop();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool NotificationLink::start()
{
    m_checkTimer.start();
    if (connectNow())
        return true;
    scheduleRetry();
    return false;
}

void NotificationLink::setCheckInterval(std::chrono::milliseconds interval)
{
    m_checkTimer.setInterval(interval);
}

bool NotificationLink::connectNow()
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isOpen() && !db.open()) {
        if (!m_downLogged) {
            qCWarning(lcServerDb) << "notification link cannot connect:" << db.lastError().text();
            m_downLogged = true;
        }
        return false;
    }
    QSqlDriver *driver = db.driver();
    if (!driver->subscribeToNotification(m_channel)) {
        qCWarning(lcServerDb) << "cannot LISTEN on" << m_channel << ":"
                              << driver->lastError().text();
        db.close();
        return false;
    }
    const bool wasLost = m_everUp;
    m_up = true;
    m_everUp = true;
    m_downLogged = false;
    m_backoff = kFirstRetry;
    if (wasLost) {
        ++m_reconnects;
        qCInfo(lcServerDb) << "notification link restored; listening on" << m_channel;
    } else {
        qCInfo(lcServerDb) << "notification link up; listening on" << m_channel;
    }
    Q_EMIT upChanged(true);
    // Whatever was committed while the link was down was not notified: read the log now.
    Q_EMIT notified();
    return true;
}

void NotificationLink::onNotification(const QString &name)
{
    if (name == m_channel)
        Q_EMIT notified();
}

void NotificationLink::check()
{
    // The driver reads notifications when the socket wakes up, but when the server goes away
    // (restart, pg_terminate_backend) it only marks the connection bad and says nothing; Qt
    // then disables its socket notifier. So the link is probed: closed, or failing a trivial
    // query, means lost.
    if (!m_up)
        return;
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isOpen()) {
        markDown(u"connection closed"_s);
        return;
    }
    QSqlQuery q(db);
    if (!q.exec(u"SELECT 1"_s)) {
        markDown(q.lastError().text());
        return;
    }
}

void NotificationLink::markDown(const QString &reason)
{
    if (!m_up)
        return;
    m_up = false;
    qCWarning(lcServerDb) << "notification link lost:" << reason.trimmed() << "- reconnecting";
    Q_EMIT upChanged(false);
    // Closed from the event loop, not from inside a query of this connection.
    QTimer::singleShot(0, this, [this] {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
            db.close();
        }
        m_downLogged = true; // "lost" was logged; the next line is "restored"
        m_backoff = kFirstRetry;
        scheduleRetry();
    });
}

void NotificationLink::scheduleRetry()
{
    if (m_up)
        return;
    m_retryTimer.start(m_backoff);
    m_backoff = std::min(m_backoff * 2, kMaxRetry);
}

} // namespace Ops
