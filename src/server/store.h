#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include "core/error.h"
#include "protocol/alert.h"
#include "protocol/changeevent.h"
#include "protocol/driver.h"
#include "protocol/kpis.h"
#include "protocol/order.h"
#include "protocol/orderhistoryentry.h"
#include "protocol/payment.h"

QT_BEGIN_NAMESPACE
class QRandomGenerator;
class QSqlDatabase;
QT_END_NAMESPACE

namespace Ops {

//! \brief Rows of one resource plus the event-log head read in the same transaction.
template<typename T> struct StoreListing
{
    QList<T> items;
    StreamPosition position;
    Error error;
};

//! \brief Outcome of a write of a non-order row; on Conflict/BadRequest `item` is the current row.
template<typename T> struct StoreWrite
{
    Error error;
    std::optional<T> item;
    std::optional<ChangeEvent> event;

    [[nodiscard]] bool ok() const { return error.ok(); }
};

class NotificationLink;

//! \brief Where the data lives: a SQLite file or a PostgreSQL server, parsed from `--db`.
struct DatabaseLocation
{
    enum class Dialect {
        SQLite,
        PostgreSQL,
    };

    Dialect dialect = Dialect::SQLite;
    QString path; //!< SQLite file (or `:memory:`)
    QString host; //!< PostgreSQL
    int port = 5432;
    QString user;
    QString password; //!< never logged; empty = libpq's PGPASSWORD / ~/.pgpass
    QString database;
    QString options; //!< libpq connect options, `key=value;…`

    //! Parses \a text: `postgresql://user[:password]@host[:port]/dbname[?sslmode=…]` (or
    //! `postgres://`) for PostgreSQL, anything else is a SQLite path. A malformed URL is a
    //! BadRequest with the reason.
    [[nodiscard]] static Error parse(const QString &text, DatabaseLocation *out);
    //! For logs and messages: the URL without the password, or the path.
    [[nodiscard]] QString displayName() const;
};

//! \brief The server's storage: orders, the change-event log and meta data, in SQLite or
//! PostgreSQL via QtSql.
//!
//! Every write appends to `event_log` in the same write transaction as the row change, and the
//! seq is taken under a lock every writer queues for (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: the
//! `event_head` row, `FOR UPDATE`), so seq order equals commit order, also across processes.
//! After the commit eventAppended() announces the write. eventLogged() is the feed the EventHub
//! delivers: with SQLite it is emitted right after each commit; with PostgreSQL every event,
//! this instance's and other instances', is read back from the durable log after a cursor,
//! woken by LISTEN/NOTIFY, by this instance's own commits and by a slow safety poll.
class Store : public QObject
{
    Q_OBJECT

public:
    //! The LISTEN/NOTIFY channel on PostgreSQL.
    static constexpr QLatin1StringView NotificationChannel { "opsboard_events" };

    //! \brief What /readyz reports.
    struct Readiness
    {
        bool database = false;
        QString databaseError;
        bool notifications = true; //!< always true with SQLite
        [[nodiscard]] bool ready() const { return database && notifications; }
    };

    //! \brief Orders plus the event-log head read in the same transaction, so a client can
    //! subscribe `since` that position without a gap.
    struct OrderList
    {
        QList<Order> orders;
        StreamPosition position;
        Error error;
        qint64 total = 0; //!< rows matching the filter, before limit/offset
    };

    //! \brief Filter, sort and page of an order list. Values are validated by the caller;
    //! an unknown sort key is a BadRequest.
    struct OrderQuery
    {
        QStringList statuses; //!< empty = any
        QStringList regions; //!< requested regions; empty = any
        QStringList drivers; //!< requested driver ids; empty = any
        QStringList visibleRegions; //!< the caller's scope; empty = all
        //! id, dueAt, updatedAt, amountCents, status, customer, region, driverId (no driver
        //! sorts as an empty id)
        QString sort = QStringLiteral("id");
        bool descending = false;
        int limit = -1; //!< -1 = no limit
        int offset = 0;
        //! Only orders changed by an event with seq > this (delta reads); filters other than
        //! the region scope are NOT applied, so the caller can tell "left the filter" apart.
        std::optional<qint64> changedAfter;
    };

    //! \brief An event plus the region it concerns (empty = every region), for filtering.
    struct LoggedEvent
    {
        ChangeEvent event;
        QString region;
    };

    //! \brief What a PATCH of an order changes: its status, its driver, or both.
    struct OrderChange
    {
        std::optional<OrderStatus> status;
        //! Set: the new driver, empty to unassign. Unset: the driver stays (unless the status
        //! goes back to new, which clears it).
        std::optional<QString> driverId;
    };

    //! \brief Outcome of a write. On success `order` is the new row. On Conflict (and on
    //! BadRequest for an invalid transition) `order` is the CURRENT row, unchanged.
    struct WriteResult
    {
        Error error;
        std::optional<Order> order;
        std::optional<ChangeEvent> event;

        [[nodiscard]] bool ok() const { return error.ok(); }
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
    [[nodiscard]] QString connectionName() const { return m_connectionName; }
    [[nodiscard]] DatabaseLocation::Dialect dialect() const { return m_location.dialect; }
    [[nodiscard]] bool isPostgres() const
    {
        return m_location.dialect == DatabaseLocation::Dialect::PostgreSQL;
    }

    //! The schema version after migrations (SQLite `PRAGMA user_version`; PostgreSQL the
    //! highest version in `schema_migrations`).
    [[nodiscard]] int schemaVersion() const;
    //! The log's epoch: random hex, created with the database, renewed by resetLog(). Stored
    //! in the database, so every instance on one database shares it.
    [[nodiscard]] QString epoch() const { return m_epoch; }

    //! Runs a trivial query on the write connection (reconnecting it if needed) and, on
    //! PostgreSQL, reports whether the notification link is up.
    [[nodiscard]] Readiness readiness() const;
    //! What a lookup that found no row answers: NotFound with \a message, or Unavailable when
    //! the reason is that the database connection is down (so a client sees 503, not 404).
    [[nodiscard]] Error notFoundError(const QString &message) const;
    //! PostgreSQL: how often the log is read even without a notification (default 1 s), and
    //! how often the notification link is checked with `SELECT 1` (default 1 s).
    void setFeedIntervals(std::chrono::milliseconds poll, std::chrono::milliseconds linkCheck);
    //! PostgreSQL: reads every event after the cursor from the log and emits eventLogged() for
    //! each, in seq order. Called on a notification, after this Store's own commits and by the
    //! safety poll; harmless at any time. No-op with SQLite.
    void catchUp();
    //! PostgreSQL: the seq up to which eventLogged() has announced the log.
    [[nodiscard]] qint64 feedCursor() const { return m_cursor; }
    [[nodiscard]] bool isNotificationLinkUp() const;

    //! Failed SQL statements in this process (every Store).
    [[nodiscard]] static qint64 databaseErrors();
    //! Times the notification link was re-established after it was lost.
    [[nodiscard]] qint64 notificationReconnects() const;
    //! Times the write connection was re-established after it was lost.
    [[nodiscard]] qint64 databaseReconnects() const { return m_databaseReconnects; }
    //! Events read back from the log by catchUp() (PostgreSQL).
    [[nodiscard]] qint64 eventsReadFromLog() const { return m_eventsRead; }

    //! Inserts \a count deterministic demo orders from \a seed. Does nothing if orders exist.
    //! Seeding writes no events: it is the initial state the log starts from.
    [[nodiscard]] Error seedDemo(int count, quint32 seed);

    [[nodiscard]] OrderList listOrders() const;
    [[nodiscard]] OrderList queryOrders(const OrderQuery &query) const;
    //! The audit rows of order \a id, oldest first.
    [[nodiscard]] QList<OrderHistoryEntry> orderHistory(const QString &id) const;
    [[nodiscard]] std::optional<Order> order(const QString &id) const;
    [[nodiscard]] qint64 orderCount() const;

    //! Moves order \a id to \a to. NotFound, Conflict (\a expectedVersion differs from the
    //! current version) or BadRequest (not allowed by canTransition()) change nothing.
    [[nodiscard]] WriteResult updateOrderStatus(const QString &id, OrderStatus to,
        std::optional<qint64> expectedVersion, const QString &actor);
    //! Applies \a change to order \a id as one versioned write: one version up, one
    //! "order.updated" event, one history row per changed field (`status`, `driver`). Like
    //! updateOrderStatus(), plus: the driver must exist (BadRequest naming `driverId`), only an
    //! order that is open before and after may change driver, a change back to new clears the
    //! driver, and a change that changes nothing is a BadRequest. When the driver changes, the
    //! event's `fields` carry `driverId` (null when unassigned), with `status` if that changed too.
    [[nodiscard]] WriteResult updateOrder(const QString &id, const OrderChange &change,
        std::optional<qint64> expectedVersion, const QString &actor);
    //! Inserts \a draft as version 1 (id assigned as the next "ORD-nnnnn" when empty) and
    //! appends "order.created".
    [[nodiscard]] WriteResult createOrder(const Order &draft, const QString &actor);

    //! The centre of a demo region (north, south, east, west); nullopt for another region.
    [[nodiscard]] static std::optional<GeoPoint> demoRegionCentre(const QString &region);
    //! A random position within about a kilometre of \a region's centre (drivers and drop-offs
    //! of the demo).
    [[nodiscard]] static GeoPoint demoPositionNear(const QString &region, QRandomGenerator &rng);

    //! Inserts the deterministic demo drivers from \a seed, and gives every order already past
    //! "new" (from seedDemo()) a driver of its region; drivers carrying a picked-up or in-transit
    //! order are en route. Does nothing if drivers exist.
    [[nodiscard]] Error seedDemoDrivers(int count, quint32 seed);
    [[nodiscard]] StoreListing<Driver> listDrivers(
        const QStringList &visibleRegions, const QStringList &statuses = {}) const;
    [[nodiscard]] std::optional<Driver> driver(const QString &id) const;
    //! Writes the live fields of \a update (status, lat, lon, lastSeenAt) and appends
    //! "driver.updated" carrying them in `fields`.
    [[nodiscard]] StoreWrite<Driver> updateDriver(const Driver &update, const QString &actor);
    //! updateDriver() for each of \a updates in one write transaction (one commit; one event
    //! each, announced after the commit in order). A driver that does not exist is NotFound in
    //! its own result and the others still go through; a storage failure fails them all.
    [[nodiscard]] QList<StoreWrite<Driver>> updateDrivers(
        const QList<Driver> &updates, const QString &actor);

    //! Records a payment for order \a orderId (its amount and region) and appends
    //! "payment.created".
    [[nodiscard]] StoreWrite<Payment> createPayment(
        const QString &orderId, const QString &method, const QString &status, const QString &actor);
    [[nodiscard]] StoreListing<Payment> listPayments(
        const QStringList &visibleRegions, const QString &orderId = {}) const;

    //! Raises an alert unless one of the same kind for the same subject is still unresolved
    //! (then Conflict and nothing changes). Appends "alert.raised".
    [[nodiscard]] StoreWrite<Alert> raiseAlert(const Alert &draft, const QString &actor);
    //! Moves alert \a id to \a to ("acknowledged" / "resolved"); like updateOrderStatus().
    [[nodiscard]] StoreWrite<Alert> updateAlertStatus(const QString &id, const QString &to,
        std::optional<qint64> expectedVersion, const QString &actor);
    //! Alert \a id stays out of lists asked with \a awakeAt before \a until; one version up and
    //! an "alert.updated" event. A resolved alert cannot be snoozed (BadRequest). An invalid
    //! \a until ends the snooze (BadRequest when it is not snoozed): the alert engine does that
    //! when a snooze runs out, so every client hears of it and lists the alert again.
    [[nodiscard]] StoreWrite<Alert> snoozeAlert(const QString &id, const QDateTime &until,
        std::optional<qint64> expectedVersion, const QString &actor);
    //! Alerts in \a visibleRegions with one of \a statuses; with \a awakeAt, only those not
    //! snoozed beyond it.
    [[nodiscard]] StoreListing<Alert> listAlerts(const QStringList &visibleRegions,
        const QStringList &statuses = {}, const QDateTime &awakeAt = {}) const;
    [[nodiscard]] std::optional<Alert> alert(const QString &id) const;

    //! KPIs over \a visibleRegions (empty = all) as of \a now; "today" starts at UTC midnight.
    [[nodiscard]] Kpis kpis(const QStringList &visibleRegions, const QDateTime &now) const;

    //! The newest \a limit events (newest first) of \a entities in \a visibleRegions, each with
    //! what explains it: an order's history row (actor, field, from, to), a payment's order, an
    //! alert's message and subject. For GET /api/events.
    [[nodiscard]] StoreListing<QJsonObject> recentEvents(
        const QStringList &visibleRegions, const QStringList &entities, int limit) const;
    //! Orders created and delivered per \a intervalSeconds since UTC midnight of \a now, one
    //! row per bucket up to \a now (`{start, created, delivered}`). For GET /api/kpis/timeline.
    [[nodiscard]] StoreListing<QJsonObject> kpiTimeline(
        const QStringList &visibleRegions, const QDateTime &now, int intervalSeconds) const;
    //! The last assigned seq (0 for a fresh log) with the current epoch.
    [[nodiscard]] StreamPosition head() const;
    //! Up to \a limit events with seq > \a seq, in seq order.
    [[nodiscard]] QList<ChangeEvent> eventsAfter(qint64 seq, int limit) const;
    //! The smallest retained seq; head().seq + 1 when the log holds nothing.
    [[nodiscard]] qint64 oldestSeq() const;
    //! Like eventsAfter(), with the region each event concerns.
    [[nodiscard]] QList<LoggedEvent> loggedEventsAfter(qint64 seq, int limit) const;
    //! Deletes all but the newest \a keepLast events. Returns how many were deleted, or -1.
    qint64 trimLog(int keepLast);
    //! Deletes the events older than \a cutoff. Returns how many were deleted, or -1.
    qint64 trimLogOlderThan(const QDateTime &cutoff);
    //! Empties the log and starts a new epoch: every older position becomes meaningless.
    [[nodiscard]] Error resetLog();

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
    [[nodiscard]] Error migrate();
    [[nodiscard]] Error migratePostgres();
    [[nodiscard]] Error loadEpoch();
    void announce(const ChangeEvent &event, const QString &region);
    //! The write connection; on PostgreSQL a lost connection is re-opened here (state changes
    //! logged once).
    [[nodiscard]] QSqlDatabase database() const;

    QString m_connectionName;
    QString m_epoch;
    DatabaseLocation m_location;
    std::unique_ptr<NotificationLink> m_link;
    QTimer m_poll;
    qint64 m_cursor = 0;
    qint64 m_eventsRead = 0;
    bool m_catchingUp = false;
    bool m_catchUpAgain = false;
    mutable bool m_opened = false;
    mutable bool m_connectionLost = false;
    mutable qint64 m_databaseReconnects = 0;
    mutable QElapsedTimer m_lastReconnectAttempt;
};

} // namespace Ops
