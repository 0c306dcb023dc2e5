#pragma once

#include "jsonrowsmodel.h"

namespace Ops {

//! \brief The history timeline of one order (`["orders", <id>, "history"]`): who changed what,
//! when. Rows are keyed by the event seq, oldest first as the server sends them.
class OrderHistoryModel final : public JsonRowsModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderHistoryModel)

public:
    enum Column { TimeColumn, ActorColumn, ChangeColumn, ColumnCount };
    Q_ENUM(Column)

    explicit OrderHistoryModel(QueryClient *client, QObject *parent = nullptr);
    ~OrderHistoryModel() override;

    //! Follows another order (empty: none).
    void setOrderId(const QString &orderId);
    [[nodiscard]] QString orderId() const { return m_orderId; }

    //! A changed field as the dispatcher calls it ("Due", "Phone"); unknown names as they are.
    [[nodiscard]] static QString fieldLabel(const QString &field);
    //! One history row's change: "Status: Delivered → Failed", "Due: 14:30 → 15:00",
    //! "Phone: — → 020 7946 0018" (the reason, when given, follows in the Change column).
    [[nodiscard]] static QString describe(
        const QString &field, const QString &from, const QString &to);

    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    [[nodiscard]] QString rowIdOf(const QJsonObject &row) const override;
    [[nodiscard]] QVariant cell(const QJsonObject &row, int column, int role) const override;

private:
    QString m_orderId;
};

} // namespace Ops
