#pragma once

//! The storage room: one repository per entity over one versioned-write helper, the durable
//! event log, SQLite or PostgreSQL with the schema in resources/sql/<dialect>/*.sql.

#include <chrono>
#include <memory>

#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include "alertrepository.h"
#include "core/error.h"
#include "database.h"
#include "driverrepository.h"
#include "eventlog.h"
#include "importrepository.h"
#include "kpirepository.h"
#include "orderrepository.h"
#include "paymentrepository.h"
#include "protocol/changeevent.h"
#include "webhookcursors.h"

namespace Ops {

class NotificationLink;

//! \brief The server's storage: the database, its repositories and the change-event feed.
//!
//! Every write appends to the event log in the same write transaction as the row change (see
//! WriteTransaction), so seq order equals commit order, also across processes. After the commit
//! eventAppended() announces the write. eventLogged() is the feed the EventHub delivers, every
//! event once and in seq order, after a cursor: with SQLite this Store's own commits are emitted
//! right after they commit, and what other processes committed on the same file (an operator's
//! `opsboard-server import`) is read back from the log first (when a commit finds a gap) or by
//! a slow poll; with PostgreSQL every event, this instance's and other instances', is read back
//! from the durable log, woken by LISTEN/NOTIFY, by this instance's own commits and by the poll.
class Store final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Store)

public:
    //! The LISTEN/NOTIFY channel on PostgreSQL.
    static constexpr QLatin1StringView NotificationChannel = EventLog::NotificationChannel;

    //! \brief What /readyz reports.
    struct Readiness
    {
        bool database = false;
        QString databaseError;
        bool notifications = true; //!< always true with SQLite
        [[nodiscard]] bool ready() const { return database && notifications; }
    };

    //! \brief Rows written as they are, with no events: the state a new log starts from
    //! (demo seeding, a bulk load before going live).
    struct InitialState
    {
        QList<Order> orders;
        QList<Driver> drivers;
        //! (order id, driver id): drivers given to orders that already exist.
        QList<std::pair<QString, QString>> orderDrivers;
        //! (driver id, device): devices registered to drivers that already exist (a key that is
        //! registered already is skipped).
        QList<std::pair<QString, DriverDevice>> driverDevices;
        //! What happened to those orders before (seq 0: no event), for their history and the
        //! timeline.
        QList<OrderHistoryEntry> history;
    };

    explicit Store(QObject *parent = nullptr);
    ~Store() override;

    //! Opens (creating if needed) the database at \a location (a SQLite path or a
    //! `postgresql://` URL, see DatabaseLocation::parse()) and runs pending migrations.
    //! `:memory:` works for a single connection.
    [[nodiscard]] Error open(const QString &location);
    [[nodiscard]] Error open(const DatabaseLocation &location);
    void close();
    [[nodiscard]] bool isOpen() const;
    [[nodiscard]] QString connectionName() const { return m_database.connectionName(); }
    [[nodiscard]] DatabaseLocation::Dialect dialect() const
    {
        return m_database.location().dialect;
    }
    [[nodiscard]] bool isPostgres() const { return m_database.isPostgres(); }
    //! The schema version after migrations (SQLite `PRAGMA user_version`; PostgreSQL the
    //! highest version in `schema_migrations`).
    [[nodiscard]] int schemaVersion() const { return m_database.schemaVersion(); }
    //! The log's epoch: random hex, created with the database, renewed by resetLog().
    [[nodiscard]] QString epoch() const { return m_log.epoch(); }

    [[nodiscard]] OrderRepository &orders() { return m_orders; }
    [[nodiscard]] const OrderRepository &orders() const { return m_orders; }
    [[nodiscard]] DriverRepository &drivers() { return m_drivers; }
    [[nodiscard]] const DriverRepository &drivers() const { return m_drivers; }
    [[nodiscard]] PaymentRepository &payments() { return m_payments; }
    [[nodiscard]] AlertRepository &alerts() { return m_alerts; }
    [[nodiscard]] const AlertRepository &alerts() const { return m_alerts; }
    [[nodiscard]] const KpiRepository &kpis() const { return m_kpis; }
    [[nodiscard]] ImportRepository &imports() { return m_imports; }
    [[nodiscard]] WebhookCursors &webhookCursors() { return m_webhookCursors; }
    [[nodiscard]] EventLog &log() { return m_log; }
    [[nodiscard]] const EventLog &log() const { return m_log; }

    //! Writes \a state in one transaction with no events. Nothing is written on failure.
    [[nodiscard]] Error insertInitialState(const InitialState &state);
    //! Empties the log and starts a new epoch: every older position becomes meaningless.
    [[nodiscard]] Error resetLog();

    //! Runs a trivial query on the write connection (reconnecting it if needed) and, on
    //! PostgreSQL, reports whether the notification link is up.
    [[nodiscard]] Readiness readiness() const;
    //! What a lookup that found no row answers: NotFound with \a message, or Unavailable when
    //! the reason is that the database connection is down (so a client sees 503, not 404).
    [[nodiscard]] Error notFoundError(const QString &message) const;
    //! How often the log is read even without a notification or a commit of this Store
    //! (default 1 s), and, on PostgreSQL, how often the notification link is checked with
    //! `SELECT 1` (default 1 s).
    void setFeedIntervals(std::chrono::milliseconds poll, std::chrono::milliseconds linkCheck);
    //! Reads every event after the cursor from the log and emits eventLogged() for each, in seq
    //! order. Called on a notification (PostgreSQL), after this Store's own commits when they
    //! are not the next seq, and by the safety poll; harmless at any time.
    void catchUp();
    //! The seq up to which eventLogged() has announced the log.
    [[nodiscard]] qint64 feedCursor() const { return m_cursor; }
    [[nodiscard]] bool isNotificationLinkUp() const;

    //! Failed SQL statements in this process (every Store).
    [[nodiscard]] static qint64 databaseErrors();
    //! Times the notification link was re-established after it was lost.
    [[nodiscard]] qint64 notificationReconnects() const;
    //! Times the write connection was re-established after it was lost.
    [[nodiscard]] qint64 databaseReconnects() const { return m_database.reconnects(); }
    //! Events read back from the log by catchUp() (PostgreSQL).
    [[nodiscard]] qint64 eventsReadFromLog() const { return m_eventsRead; }

Q_SIGNALS:
    //! A committed change, emitted after the transaction that recorded it committed.
    void eventAppended(const Ops::ChangeEvent &event);
    //! A committed event to deliver, with the region it concerns, once per event and in seq
    //! order. SQLite: the same moment as eventAppended(). PostgreSQL: read back from the log
    //! (this instance's writes and every other instance's).
    void eventLogged(const Ops::ChangeEvent &event, const QString &region);
    //! PostgreSQL: the notification link went down (\a up false) or came back.
    void notificationLinkChanged(bool up);
    //! PostgreSQL: another instance reset the log (new epoch); positions of the old epoch are
    //! meaningless.
    void logReset(const QString &epoch);

private:
    void announce(const ChangeEvent &event, const QString &region);

    Database m_database;
    EventLog m_log { m_database };
    StoreContext m_context;
    OrderRepository m_orders { m_context };
    DriverRepository m_drivers { m_context };
    PaymentRepository m_payments { m_context };
    AlertRepository m_alerts { m_context };
    KpiRepository m_kpis { m_database };
    ImportRepository m_imports { m_context };
    WebhookCursors m_webhookCursors { m_database };
    std::unique_ptr<NotificationLink> m_link;
    QTimer m_poll;
    qint64 m_cursor = 0;
    qint64 m_eventsRead = 0;
    bool m_catchingUp = false;
    bool m_catchUpAgain = false;
};

} // namespace Ops
