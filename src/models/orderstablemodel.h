#pragma once

#include <functional>

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSet>

#include "protocol/order.h"
#include "rowdiffmodel.h"

namespace Ops {

//! \brief The orders of one cached query as a table (the model signals come from
//! RowDiffModel; this class says what the columns and cells are).
//!
//! Besides the order itself each row carries what the screen needs to be honest about it: when
//! the row last changed while shown (ChangedAtRole, for a fading highlight), whether it shows an
//! optimistic write not yet confirmed by the server (PendingRole: the query layer's pending row
//! ids, from OrderActions' optimistic layers), whether it is late or at risk, and how long it has
//! left.
//!
//! Time left, "late" and "at risk" are judged on the server's clock: the local clock plus the
//! offset the KPIs' `asOf` showed (setServerClock(), fed from KpisModel), so a client whose clock
//! is off agrees with the server's "late" figure. tick() moves the countdown on: one dataChanged
//! over the time-left column only, never over whole rows.
class OrdersTableModel final : public TypedRowDiffModel<Order>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrdersTableModel)

public:
    enum Column {
        IdColumn,
        CustomerColumn,
        RegionColumn,
        StatusColumn,
        PickupColumn,
        DropoffColumn,
        DueColumn,
        AmountColumn,
        UpdatedColumn,
        AgeColumn, //!< how long ago the order last changed ("12 s")
        //! The assigned driver's name (its id until the drivers are known; empty = none). Last
        //! in the enum so saved sort columns keep their meaning; views may show it anywhere.
        DriverColumn,
        //! Time left to the due time on the server's clock ("12 min", "4 min late"); empty for a
        //! finished order. Sorts as the due time does (time left is due time minus one "now"
        //! for every row), finished orders last.
        LeftColumn,
        //! The server's ETA at the drop-off ("14:46 (+6 min)", "≈ 14:46" for an estimate).
        EtaColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        IdRole = Qt::UserRole,
        SortRole, //!< raw value for sorting (numbers and timestamps, not their display text)
        StatusRole, //!< the status wire name, e.g. "in_transit"
        VersionRole,
        OrderRole, //!< the whole Order
        RegionRole,
        LateRole, //!< open and past its due time
        PendingRole, //!< its status is an optimistic write the server has not confirmed yet
        ChangedAtRole, //!< steady-clock ms of the last change seen while shown; 0 = none
        DriverIdRole, //!< the assigned driver's id; empty = none
        SecondsLeftRole, //!< qint64 seconds to the due time (negative: late); invalid if final
        RiskRole, //!< Risk as int
        AtRiskRole, //!< isAtRisk() now: the server's "at risk" predicate
    };
    Q_ENUM(Role)

    //! How urgent an order is, as the countdown's colour says.
    enum class Risk {
        None, //!< finished, or due later than the at-risk threshold with no late ETA
        AtRisk, //!< not yet late, but due within the threshold or predicted late
        Late, //!< open and past its due time
    };
    Q_ENUM(Risk)

    explicit OrdersTableModel(QueryClient *client, QueryKey key, QObject *parent = nullptr);
    ~OrdersTableModel() override;

    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    //! The status of an open order is editable (the view's delegate turns an edit into an
    //! action; the model itself only ever shows the cache).
    [[nodiscard]] Qt::ItemFlags flags(const QModelIndex &index) const override;

    [[nodiscard]] const QList<Order> &orders() const { return storedRows(); }

    //! Applies a list of orders directly; ids in \a pending show as unconfirmed optimistic
    //! writes.
    void applySnapshot(const QList<Order> &orders, const QSet<QString> &pending = {});
    using RowDiffModel::applySnapshot;

    //! The distinct regions of the rows, sorted.
    [[nodiscard]] QStringList regions() const;
    //! Driver id → name, for the driver column (ids without a name show as the id). Emits
    //! dataChanged for the driver column only when a name the rows use changed.
    void setDriverNames(const QHash<QString, QString> &names);
    [[nodiscard]] const QHash<QString, QString> &driverNames() const { return m_driverNames; }
    //! The text shown for \a driverId: its name, else the id; empty for none.
    [[nodiscard]] QString driverLabel(const QString &driverId) const;
    //! Age text for a duration in seconds ("12 s", "4 min", "3 h", "2 d").
    [[nodiscard]] static QString ageText(qint64 seconds);
    //! The translated name of \a status ("In transit").
    [[nodiscard]] static QString statusLabel(OrderStatus status);
    //! The translated name of a wire status ("in_transit" → "In transit"); unknown text as is.
    [[nodiscard]] static QString statusLabel(const QString &status);

    //! The local clock (UTC; default: the system's). Tests inject one.
    void setLocalClock(std::function<QDateTime()> now);
    //! The server's clock is the local one plus \a offsetMs; orders due within \a atRiskMinutes
    //! are at risk. Emits serverClockChanged() and moves the countdown when either changed.
    void setServerClock(qint64 offsetMs, int atRiskMinutes);
    [[nodiscard]] qint64 serverOffsetMs() const { return m_serverOffsetMs; }
    [[nodiscard]] int atRiskMinutes() const { return m_atRiskMinutes; }
    //! Now on the server's clock (UTC).
    [[nodiscard]] QDateTime serverNow() const;
    //! Moves the countdown on: one dataChanged over the time-left column of every row (the
    //! display, colour and risk roles; not SortRole, which does not move with the clock).
    void tick();

    //! Open and past its due time at \a now.
    [[nodiscard]] static bool isLateAt(const Order &order, const QDateTime &now);
    //! The server's "at risk" (protocol.md, GET /api/kpis): open, not yet late, and due within
    //! \a atRiskMinutes of \a now or with an ETA after the due time.
    [[nodiscard]] static bool isAtRiskAt(
        const Order &order, const QDateTime &now, int atRiskMinutes);
    [[nodiscard]] static Risk riskAt(const Order &order, const QDateTime &now, int atRiskMinutes);
    //! The countdown's text for \a seconds left: "45 s", "12 min", "1 h 05 min"; negative
    //! seconds read "4 min late".
    [[nodiscard]] static QString leftText(qint64 seconds);
    //! Whole minutes the ETA is after the due time (rounded up); 0 when on time or unknown.
    [[nodiscard]] static qint64 minutesLateByEta(const Order &order);
    //! "14:46 (+6 min)", with "≈ " before an estimate; empty without an ETA. Local time; other
    //! days with their date.
    [[nodiscard]] QString etaText(const Order &order) const;
    //! The ETA in a sentence (tool tips, the detail panel, screen readers).
    [[nodiscard]] QString etaDescription(const Order &order) const;

Q_SIGNALS:
    //! The server clock's offset or the at-risk threshold changed: time filters re-check.
    void serverClockChanged();

protected:
    [[nodiscard]] QVariant rowCell(int row, int column, int role) const override;
    [[nodiscard]] QList<int> changedRoles() const override;
    [[nodiscard]] std::optional<Order> decode(
        const QJsonObject &json, QString *error) const override;

private:
    [[nodiscard]] QString localTimeText(const QDateTime &utc) const;

    QHash<QString, QString> m_driverNames;
    std::function<QDateTime()> m_localNow;
    qint64 m_serverOffsetMs = 0;
    int m_atRiskMinutes = 15;
};

} // namespace Ops
