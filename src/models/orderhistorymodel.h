#pragma once

#include "historymodel.h"

namespace Ops {

//! \brief The history timeline of one order (`["orders", <id>, "history"]`): who changed what,
//! when, and why when a reason was given.
class OrderHistoryModel final : public HistoryModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderHistoryModel)

public:
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

protected:
    [[nodiscard]] QString describeRow(const QJsonObject &row) const override;

private:
    QString m_orderId;
};

} // namespace Ops
