#pragma once

#include <QDateTime>
#include <QDialog>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QWidget>

#include "models/driverstablemodel.h"
#include "models/ordersfilterproxy.h"
#include "models/orderstablemodel.h"
#include "protocol/order.h"

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QSettings;
class QTableView;
class QToolButton;

namespace Ops {

class OrderActions;
class OrdersDelegate;
class QueryClient;
struct OrderActionResult;

//! \brief The dispatcher's orders table: filters, saved views, inline and bulk status changes,
//! CSV export, and an honest statement of how fresh the rows are.
//!
//! Built for 10k rows: fixed row height, no content-based column sizing, sorting and filtering
//! only in OrdersFilterProxy (the source is never reset), the change highlight and the age column
//! animated by repainting the viewport, never by dataChanged.
class OrdersPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrdersPanel)

public:
    OrdersPanel(QueryClient *queries, OrderActions *actions, QWidget *parent = nullptr);
    ~OrdersPanel() override;

    [[nodiscard]] OrdersTableModel *model() { return &m_model; }
    [[nodiscard]] OrdersFilterProxy *proxy() { return &m_proxy; }
    //! The drivers list behind the driver column, filter and assign menu (the map reads it too).
    [[nodiscard]] DriversTableModel *driversModel() { return &m_drivers; }
    [[nodiscard]] QTableView *view() const { return m_view; }
    [[nodiscard]] QComboBox *statusFilter() const { return m_status; }
    [[nodiscard]] QComboBox *regionFilter() const { return m_region; }
    //! "All drivers", "No driver", then every known driver by name (item data: the driver id;
    //! kAnyDriver for all, empty for none).
    [[nodiscard]] QComboBox *driverFilter() const { return m_driver; }
    static constexpr QStringView kAnyDriver = u"*";
    [[nodiscard]] QCheckBox *lateOnlyCheck() const { return m_late; }
    [[nodiscard]] QLineEdit *searchEdit() const { return m_search; }
    [[nodiscard]] QComboBox *viewsCombo() const { return m_views; }
    [[nodiscard]] QLabel *freshnessLabel() const { return m_freshness; }
    [[nodiscard]] bool isLive() const { return m_live; }
    //! When the rows shown were last known current (see setFreshness()).
    [[nodiscard]] QDateTime asOf() const { return m_asOf; }
    [[nodiscard]] QLabel *noticeLabel() const { return m_notice; }
    [[nodiscard]] QLabel *countLabel() const { return m_count; }
    [[nodiscard]] OrdersDelegate *delegate() const { return m_delegate; }

    //! Actions the window puts in its menus (with shortcuts): set status of the selection, one
    //! per status; export; save view; focus search; late only.
    [[nodiscard]] QList<QAction *> statusActions() const { return m_statusActions; }
    [[nodiscard]] QAction *exportAction() const { return m_exportAction; }
    [[nodiscard]] QAction *saveViewAction() const { return m_saveViewAction; }
    [[nodiscard]] QAction *deleteViewAction() const { return m_deleteViewAction; }
    [[nodiscard]] QAction *findAction() const { return m_findAction; }
    [[nodiscard]] QAction *lateOnlyAction() const { return m_lateAction; }
    [[nodiscard]] QAction *clearFiltersAction() const { return m_clearAction; }
    //! Opens the "Assign driver" menu for the current order (Ctrl+D).
    [[nodiscard]] QAction *assignDriverAction() const { return m_assignAction; }

    //! The "Assign driver" menu for order \a id: drivers who are online, those of the order's
    //! region first and the idle ones before the busy ones, the current one checked, and
    //! "No driver" for an assigned order. Empty when the order cannot be given to anyone.
    [[nodiscard]] QMenu *buildAssignMenu(const QString &id, QWidget *parent);
    //! Gives order \a id to \a driverId (empty: takes it away). False when nothing was sent.
    bool assignDriver(const QString &id, const QString &driverId);

    //! Ids of the selected rows, in view order.
    [[nodiscard]] QStringList selectedIds() const;
    [[nodiscard]] QString currentOrderId() const;

    //! Sets \a status on the selection: one order = a versioned change; several = bulk.
    bool changeSelectedStatus(OrderStatus status);

    //! Named filter + sort sets, kept in QSettings.
    [[nodiscard]] QStringList viewNames() const;
    void saveView(const QString &name);
    void deleteView(const QString &name);
    bool applyView(const QString &name);

    //! The current view as CSV: visible columns in their visual order, rows in proxy order.
    [[nodiscard]] QString toCsv() const;
    bool exportCsv(const QString &fileName, QString *error = nullptr) const;
    //! CSV quoting of one field (RFC 4180).
    [[nodiscard]] static QString csvField(const QString &text);

    //! The last conflict dialog opened by this panel (for tests and focus).
    [[nodiscard]] QDialog *conflictDialog() const { return m_conflictDialog; }
    [[nodiscard]] QDialog *bulkResultDialog() const { return m_bulkDialog; }

public Q_SLOTS:
    void selectOrder(const QString &id);
    void setFreshness(bool live, const QDateTime &asOf);
    void focusSearch();
    void clearFilters();

Q_SIGNALS:
    void orderActivated(const QString &id);
    //! A line for the window's status bar.
    void messageRequested(const QString &text, int timeoutMs);

private:
    void buildUi();
    void setupActions();
    void onFilterWidgetsChanged();
    void syncFilterWidgets();
    void refreshRegions();
    void refreshDrivers();
    void refreshViews();
    void updateCount();
    void updateAvailability();
    void onFadeTick();
    void showContextMenu(const QPoint &pos);
    void promptSaveView();
    void promptExport();
    void showNotice(const QString &text);
    void onStatusFailed(const QString &id, OrderStatus wanted, const QString &message);
    void onConflict(const QString &id, OrderStatus wanted, const QJsonObject &yours,
        const QJsonObject &current);
    void onAssignFailed(const QString &id, const QString &driverId, const QString &message);
    void popUpAssignMenu();
    void onBulkFinished(OrderStatus status, const QList<OrderActionResult> &results);

    OrderActions *m_actions;
    OrdersTableModel m_model;
    OrdersFilterProxy m_proxy;
    DriversTableModel m_drivers; //!< names for the driver column and filter
    OrdersDelegate *m_delegate = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_count = nullptr;
    QLabel *m_freshness = nullptr;
    QDateTime m_asOf;
    QLabel *m_notice = nullptr;
    QComboBox *m_status = nullptr;
    QComboBox *m_region = nullptr;
    QComboBox *m_driver = nullptr;
    QCheckBox *m_late = nullptr;
    QLineEdit *m_search = nullptr;
    QComboBox *m_views = nullptr;
    QToolButton *m_saveView = nullptr;
    QToolButton *m_deleteView = nullptr;
    QList<QAction *> m_statusActions;
    QAction *m_exportAction = nullptr;
    QAction *m_saveViewAction = nullptr;
    QAction *m_deleteViewAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_lateAction = nullptr;
    QAction *m_clearAction = nullptr;
    QAction *m_assignAction = nullptr;
    QTimer m_fadeTimer;
    QTimer m_ageTimer;
    QTimer m_regionTimer;
    QTimer m_driversTimer; //!< throttles driver-name refreshes (drivers move many times a second)
    QTimer m_noticeTimer;
    QSet<QString> m_mine; //!< orders whose change this panel started (it reports their outcome)
    int m_myBulks = 0;
    int m_ticks = 0;
    bool m_live = false;
    bool m_syncingWidgets = false;
    QPointer<QDialog> m_conflictDialog;
    QPointer<QDialog> m_bulkDialog;
};

} // namespace Ops
