#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include "protocol/order.h"

class QMenu;
class QWidget;

namespace Ops {

class ApiClient;
class ConnectionManager;
class ImportWizard;
class OrderActions;
class OrderDialog;
class ReasonDialog;
class Workspace;

//! \brief The ways a dispatcher puts orders in and right, each as a dialog opened (never run
//! modally) over a window: New order, Edit order, the reason for cancelling or failing orders,
//! Correct status… (managers), Reassign all of a driver's orders…, Import CSV….
//!
//! Panels ask for these through one object per window; each method opens its dialog and returns
//! it (tests drive it), and messageRequested() says how it went in the status bar. The role comes
//! from the server's `ready` frame (ConnectionManager::authenticated): only a manager is offered
//! to correct a final state.
class OrderDialogs final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderDialogs)

public:
    OrderDialogs(OrderActions *actions, ApiClient *api, ConnectionManager *connection,
        Workspace *workspace, QWidget *window);
    ~OrderDialogs() override;

    [[nodiscard]] bool isManager() const;
    //! Whether moving orders to \a status asks for a reason.
    [[nodiscard]] static bool needsReason(OrderStatus status);

    OrderDialog *newOrder();
    OrderDialog *editOrder(const QString &id);
    //! Asks why, then changes \a ids to \a status (cancelled or failed) with that reason.
    ReasonDialog *changeStatusWithReason(const QStringList &ids, OrderStatus status);
    //! Managers: a delivered, cancelled or failed order to another state, with a reason.
    ReasonDialog *correctStatus(const QString &id);
    //! Every open order of \a driverId to another driver (or none), with a reason.
    ReasonDialog *reassignAll(const QString &driverId);
    ImportWizard *importCsv();

    //! The entries of an orders context menu for \a ids: Edit order…, Correct status…,
    //! Reassign all of the driver's orders….
    void addToMenu(QMenu *menu, const QStringList &ids);

Q_SIGNALS:
    void messageRequested(const QString &text, int timeoutMs);
    //! A status change of \a ids started after its reason was given (one id: setStatus, more:
    //! setStatusBulk), for the orders panel that reports how it went.
    void statusChangeStarted(const QStringList &ids);

private:
    [[nodiscard]] QString driverLabel(const QString &id) const;
    //! After a dialog handed a change to OrderActions: statusChangeStarted() for \a ids when it
    //! \a started, else the message that nothing changed (not live).
    void handedOver(bool started, const QStringList &ids);

    QPointer<OrderActions> m_actions;
    QPointer<ApiClient> m_api;
    Workspace *m_workspace;
    QWidget *m_window;
    QString m_role;
};

} // namespace Ops
