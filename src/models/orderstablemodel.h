#pragma once

#include <memory>

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>

#include "protocol/order.h"
#include "query/querykey.h"

namespace Ops {

class QueryClient;
class QueryObserver;

//! \brief The orders of one cached query as a table.
//!
//! Each new snapshot from the QueryClient is diffed by order id: removed rows are removed,
//! new rows inserted, changed rows get dataChanged() over the changed columns with their roles.
//! The model never resets for an incremental change; sorting belongs in a proxy.
//!
//! Besides the order itself each row carries what the screen needs to be honest about it: when
//! the row last changed while shown (ChangedAtRole, for a fading highlight), whether its status is
//! an optimistic write not yet confirmed by the server (PendingRole: the cache row carries
//! `"_pending": true`, written by OrderActions as an optimistic layer), and whether it is late.
class OrdersTableModel final : public QAbstractTableModel
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
    };
    Q_ENUM(Role)

    explicit OrdersTableModel(QueryClient *client, QueryKey key, QObject *parent = nullptr);
    ~OrdersTableModel() override;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(
        const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    //! The status of an open order is editable (the view's delegate turns an edit into an
    //! action; the model itself only ever shows the cache).
    [[nodiscard]] Qt::ItemFlags flags(const QModelIndex &index) const override;

    [[nodiscard]] const QList<Order> &orders() const { return m_rows; }
    [[nodiscard]] int rowOf(const QString &id) const { return m_index.value(id, -1); }
    [[nodiscard]] const QueryKey &key() const { return m_key; }

    //! Applies a snapshot directly (what the query observer does on every change); ids in
    //! \a pending are shown as unconfirmed optimistic writes.
    void applySnapshot(const QList<Order> &orders, const QSet<QString> &pending = {});

    //! Steady-clock milliseconds (the clock of ChangedAtRole).
    [[nodiscard]] static qint64 steadyNowMs();
    //! When any row last changed (steady-clock ms; 0 = never): lets a view animate only while
    //! something recent is on screen.
    [[nodiscard]] qint64 lastChangeAt() const { return m_lastChangeAt; }
    //! The distinct regions of the rows, sorted.
    [[nodiscard]] QStringList regions() const;
    //! Driver id → name, for the driver column (ids without a name show as the id). Emits
    //! dataChanged for the driver column only when a name the rows use changed.
    void setDriverNames(const QHash<QString, QString> &names);
    [[nodiscard]] const QHash<QString, QString> &driverNames() const { return m_driverNames; }
    //! The text shown for \a driverId: its name, else the id; empty for none.
    [[nodiscard]] QString driverLabel(const QString &driverId) const;
    //! Whether the order at \a row is shown as an unconfirmed optimistic write.
    [[nodiscard]] bool isPending(int row) const { return m_state.at(row).pending; }
    //! Age text for a duration in seconds ("12 s", "4 min", "3 h", "2 d").
    [[nodiscard]] static QString ageText(qint64 seconds);
    //! The translated name of \a status ("In transit").
    [[nodiscard]] static QString statusLabel(OrderStatus status);
    //! The translated name of a wire status ("in_transit" → "In transit"); unknown text as is.
    [[nodiscard]] static QString statusLabel(const QString &status);

Q_SIGNALS:
    //! The cache held data the model could not read (logged; the last good rows stay).
    void snapshotRejected(const QString &reason);

private:
    void onQueryChanged();
    void rebuildIndex(int fromRow = 0);
    //! Removes \a removed (ascending rows), then updates or appends each of \a orders by id.
    void applyRows(
        const QList<int> &removed, const QList<Order> &orders, const QSet<QString> &pending);

    struct RowState
    {
        qint64 changedAt = 0;
        bool pending = false;
    };

    QueryKey m_key;
    std::unique_ptr<QueryObserver> m_observer;
    QList<Order> m_rows;
    QList<RowState> m_state; //!< parallel to m_rows
    qint64 m_lastChangeAt = 0;
    QHash<QString, int> m_index;
    QHash<QString, QString> m_driverNames;
    bool m_synced = false; //!< the rows equal the cache's last value (change sets apply)
};

} // namespace Ops
