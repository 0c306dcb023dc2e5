#pragma once

#include <memory>

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

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
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        IdRole = Qt::UserRole,
        SortRole, //!< raw value for sorting (numbers and timestamps, not their display text)
        StatusRole, //!< the status wire name, e.g. "in_transit"
        VersionRole,
        OrderRole, //!< the whole Order
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

    [[nodiscard]] const QList<Order> &orders() const { return m_rows; }
    [[nodiscard]] int rowOf(const QString &id) const { return m_index.value(id, -1); }
    [[nodiscard]] const QueryKey &key() const { return m_key; }

    //! Applies a snapshot directly (what the query observer does on every change).
    void applySnapshot(const QList<Order> &orders);

Q_SIGNALS:
    //! The cache held data the model could not read (logged; the last good rows stay).
    void snapshotRejected(const QString &reason);

private:
    void onQueryChanged();
    void rebuildIndex(int fromRow = 0);
    //! Removes \a removed (ascending rows), then updates or appends each of \a orders by id.
    void applyRows(const QList<int> &removed, const QList<Order> &orders);

    QueryKey m_key;
    std::unique_ptr<QueryObserver> m_observer;
    QList<Order> m_rows;
    QHash<QString, int> m_index;
    bool m_synced = false; //!< the rows equal the cache's last value (change sets apply)
};

} // namespace Ops
