#pragma once

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
//! ids, from OrderActions' optimistic layers), and whether it is late.
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

protected:
    [[nodiscard]] QVariant rowCell(int row, int column, int role) const override;
    [[nodiscard]] QList<int> changedRoles() const override;
    [[nodiscard]] std::optional<Order> decode(
        const QJsonObject &json, QString *error) const override;

private:
    QHash<QString, QString> m_driverNames;
};

} // namespace Ops
