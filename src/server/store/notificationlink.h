#pragma once

#include <chrono>

#include <QObject>
#include <QString>
#include <QTimer>

namespace Ops {

//! \brief A dedicated PostgreSQL connection that LISTENs on one channel and stays up.
//!
//! A notification is only a wake-up (notified()); what happened is read from the durable log.
//! The link is probed every check interval (default 1 s): a connection the driver reports
//! closed (after `pg_terminate_backend` or a server restart) or one that fails `SELECT 1` is
//! lost. A lost link is closed, reported (upChanged(false)) and re-opened with backoff
//! (100 ms doubling to 2 s); once re-subscribed it reports upChanged(true) and notified(), so
//! the owner re-reads the log from its cursor and nothing committed meanwhile is missed.
class NotificationLink final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NotificationLink)

public:
    //! The `application_name` of the link's connection (pg_stat_activity).
    static constexpr QLatin1StringView ApplicationName { "opsboard-listen" };

    //! Clones the connection parameters of the QtSql connection \a templateConnection into a
    //! connection of its own named \a connectionName.
    NotificationLink(const QString &templateConnection, const QString &connectionName,
        QString channel, QObject *parent = nullptr);
    ~NotificationLink() override;

    //! Connects and subscribes; on failure keeps retrying in the background. Returns whether
    //! the link is up now.
    bool start();
    void setCheckInterval(std::chrono::milliseconds interval);

    [[nodiscard]] bool isUp() const { return m_up; }
    //! Times the link came back after it was lost.
    [[nodiscard]] qint64 reconnects() const { return m_reconnects; }

Q_SIGNALS:
    //! Something may have been committed: read the log.
    void notified();
    void upChanged(bool up);

private:
    bool connectNow();
    void onNotification(const QString &name);
    void check();
    void markDown(const QString &reason);
    void scheduleRetry();

    QString m_connectionName;
    QString m_channel;
    QTimer m_checkTimer;
    QTimer m_retryTimer;
    std::chrono::milliseconds m_backoff { 100 };
    bool m_up = false;
    bool m_everUp = false;
    bool m_downLogged = false;
    qint64 m_reconnects = 0;
};

} // namespace Ops
