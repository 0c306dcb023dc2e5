#pragma once

#include <QDateTime>
#include <QDialog>
#include <QKeySequence>
#include <QPointer>
#include <QSet>
#include <QSettings>
#include <QWidget>

#include "models/csvexport.h"
#include "models/highlightfade.h"
#include "models/ordersfilterproxy.h"
#include "models/savedviews.h"
#include "models/workspace.h"
#include "protocol/order.h"

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QTableView;
class QToolButton;

namespace Ops {

class NoticeLabel;
class OrderActions;
class OrderDialogs;
class OrdersDelegate;
struct OrderActionResult;

//! \brief The dispatcher's orders table: filters, saved views, inline and bulk status changes,
//! CSV export, and an honest statement of how fresh the rows are.
//!
//! Built for 10k rows: fixed row height, no content-based column sizing, sorting and filtering
//! only in OrdersFilterProxy (the source is never reset), the change highlight and the age column
//! animated by repainting the viewport, never by dataChanged.
//!
//! It presents what others hold: the rows, drivers and clock of the window's Workspace, the
//! changes of OrderActions, the assign menu of AssignMenu, the views of SavedViews and the file
//! of CsvExport.
class OrdersPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrdersPanel)

public:
    //! Shows \a workspace's orders; changes go through \a actions (none: read only).
    OrdersPanel(Workspace *workspace, OrderActions *actions, QWidget *parent = nullptr);
    ~OrdersPanel() override;

    [[nodiscard]] OrdersTableModel *model() { return m_workspace->orders(); }
    [[nodiscard]] OrdersFilterProxy *proxy() { return &m_proxy; }
    //! The drivers list behind the driver column, filter and assign menu (the workspace's).
    [[nodiscard]] DriversTableModel *driversModel() { return m_workspace->drivers(); }
    [[nodiscard]] QTableView *view() const { return m_view; }
    [[nodiscard]] QComboBox *statusFilter() const { return m_status; }
    [[nodiscard]] QComboBox *regionFilter() const { return m_region; }
    //! "All drivers", "No driver", then every known driver by name (item data: the driver id;
    //! kAnyDriver for all, empty for none).
    [[nodiscard]] QComboBox *driverFilter() const { return m_driver; }
    static constexpr QStringView kAnyDriver = u"*";
    [[nodiscard]] QCheckBox *lateOnlyCheck() const { return m_late; }
    //! "At risk": due within the server's atRiskMinutes or predicted late (OrdersFilter).
    [[nodiscard]] QCheckBox *atRiskCheck() const { return m_atRisk; }
    [[nodiscard]] QLineEdit *searchEdit() const { return m_search; }
    [[nodiscard]] QComboBox *viewsCombo() const { return m_views; }
    [[nodiscard]] QLabel *freshnessLabel() const { return m_freshness; }
    [[nodiscard]] bool isLive() const { return m_live; }
    //! When the rows shown were last known current (see setFreshness()).
    [[nodiscard]] QDateTime asOf() const { return m_asOf; }
    [[nodiscard]] NoticeLabel *noticeLabel() const { return m_notice; }
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

    //! The "Assign driver" menu for order \a id (AssignMenu): the drivers quickest to its next
    //! stop once the server said, by region and presence until then; the current one checked,
    //! and "No driver" for an assigned order. Null when the order cannot be given to anyone.
    [[nodiscard]] QMenu *buildAssignMenu(const QString &id, QWidget *parent);
    //! Gives order \a id to \a driverId (empty: takes it away). False when nothing was sent.
    bool assignDriver(const QString &id, const QString &driverId);

    //! Ids of the selected rows, in view order.
    [[nodiscard]] QStringList selectedIds() const;
    [[nodiscard]] QString currentOrderId() const;

    //! Sets \a status on the selection: one order = a versioned change; several = bulk.
    bool changeSelectedStatus(OrderStatus status);
    //! The window's order dialogs: cancelling and failing ask for a reason through them, and the
    //! context menu offers Edit order…, Correct status… and Reassign all….
    void setOrderDialogs(OrderDialogs *dialogs);

    //! Named filter + sort sets (SavedViews in QSettings).
    [[nodiscard]] QStringList viewNames() const { return m_savedViews.names(); }
    void saveView(const QString &name);
    void deleteView(const QString &name);
    bool applyView(const QString &name);

    //! The columns an export writes: the visible ones in their visual order.
    [[nodiscard]] QList<int> exportColumns() const;
    //! The current view as CSV in \a format: exportColumns(), rows in proxy order.
    [[nodiscard]] QString toCsv(const CsvFormat &format = {}) const;
    //! Writes toCsv(\a format) to \a fileName (UTF-8 with a byte order mark by default).
    bool exportCsv(
        const QString &fileName, const CsvFormat &format = {}, QString *error = nullptr) const;

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
    //! An action of the panel: \a name is its object name (tests and menus find it by it).
    QAction *newAction(const QString &text, const QString &name, const QKeySequence &keys = {});
    void onFilterWidgetsChanged();
    void syncFilterWidgets();
    void refreshRegions();
    void refreshDrivers();
    void refreshViews();
    void updateCount();
    void updateAvailability();
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

    Workspace *m_workspace;
    OrderActions *m_actions;
    OrderDialogs *m_dialogs = nullptr; //!< a sibling in the window, set once
    OrdersFilterProxy m_proxy;
    HighlightFade m_fade;
    QSettings m_settings;
    SavedViews m_savedViews;
    OrdersDelegate *m_delegate = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_count = nullptr;
    QLabel *m_freshness = nullptr;
    QDateTime m_asOf;
    NoticeLabel *m_notice = nullptr;
    QComboBox *m_status = nullptr;
    QComboBox *m_region = nullptr;
    QComboBox *m_driver = nullptr;
    QCheckBox *m_late = nullptr;
    QCheckBox *m_atRisk = nullptr;
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
    QSet<QString> m_mine; //!< orders whose change this panel started (it reports their outcome)
    int m_myBulks = 0;
    bool m_live = false;
    bool m_syncingWidgets = false;
    QPointer<QDialog> m_conflictDialog;
    QPointer<QDialog> m_bulkDialog;
};

} // namespace Ops
