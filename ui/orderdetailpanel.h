#pragma once

#include <QHash>
#include <QPointer>

#include "dashpanel.h"

class QFormLayout;
class QLabel;
class QTableView;
class QStackedWidget;

namespace Ops {

class DriversTableModel;
class OrderHistoryModel;
class OrdersTableModel;
class PaymentsTableModel;
class Workspace;

//! \brief The selected order: its fields (from the orders list query), its history timeline
//! (GET /api/orders/<id>/history: who changed what, when) and its payments
//! (GET /api/payments?orderId=; managers only, others see why not).
class OrderDetailPanel final : public DashPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderDetailPanel)

public:
    //! Reads the fields from \a workspace's orders model (the table's: the selected order costs
    //! no extra fetch, and driver names come with it); history and payments from its cache.
    explicit OrderDetailPanel(Workspace *workspace, QWidget *parent = nullptr);
    ~OrderDetailPanel() override;

    [[nodiscard]] QString orderId() const { return m_orderId; }
    [[nodiscard]] OrderHistoryModel *historyModel() const { return m_history; }
    [[nodiscard]] PaymentsTableModel *paymentsModel() const { return m_payments; }
    //! The text a field shows ("status", "customer", …), for tests and screen readers.
    [[nodiscard]] QString fieldText(const QString &field) const;
    //! \a phone as rich text: a `tel:` link a click hands to the desktop's phone app, showing the
    //! number as it was entered; "–" when there is none.
    [[nodiscard]] static QString phoneLink(const QString &phone);

public Q_SLOTS:
    void selectOrder(const QString &id) override;

Q_SIGNALS:
    //! "Edit…": the dispatcher wants to change order \a id.
    void editRequested(const QString &id);

private:
    void refreshFields();
    //! "Name (DRV-001) · phone · SMS" (rich text), "none yet" without a driver.
    [[nodiscard]] QString driverText(const QString &driverId) const;
    void refreshPaymentsState();

    QPointer<OrdersTableModel> m_orders;
    QPointer<DriversTableModel> m_drivers;
    OrderHistoryModel *m_history;
    PaymentsTableModel *m_payments;
    QString m_orderId;
    QStackedWidget *m_stack;
    QLabel *m_title;
    QHash<QString, QLabel *> m_fields;
    QTableView *m_historyView;
    QTableView *m_paymentsView;
    QLabel *m_paymentsNote;
};

} // namespace Ops
