#include "orderspanel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTableView>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "assignmenu.h"
#include "conflictdialog.h"
#include "dashpanel.h"
#include "noticelabel.h"
#include "orderdialogs.h"
#include "ordersdelegate.h"
#include "sync/orderactions.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

const QList<OrderStatus> kAllStatuses { OrderStatus::New, OrderStatus::Assigned,
    OrderStatus::PickedUp, OrderStatus::InTransit, OrderStatus::Delivered, OrderStatus::Cancelled,
    OrderStatus::Failed };

//! Status filter presets: one status, or the open ones together.
enum StatusPreset {
    AnyStatus = -1,
    OpenStatuses = -2,
};

QSet<OrderStatus> openStatuses()
{
    return { OrderStatus::New, OrderStatus::Assigned, OrderStatus::PickedUp,
        OrderStatus::InTransit };
}

} // namespace

OrdersPanel::OrdersPanel(Workspace *workspace, OrderActions *actions, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_actions(actions)
    , m_fade(workspace->orders(), std::chrono::milliseconds(OrdersDelegate::kFadeMs))
    , m_savedViews(&m_settings)
{
    setObjectName(u"ordersPanel"_s);
    m_proxy.setSourceModel(workspace->orders());
    buildUi();
    setupActions();

    connect(&m_proxy, &OrdersFilterProxy::filterChanged, this, &OrdersPanel::updateCount);
    connect(&m_proxy, &QAbstractItemModel::rowsInserted, this, &OrdersPanel::updateCount);
    connect(&m_proxy, &QAbstractItemModel::rowsRemoved, this, &OrdersPanel::updateCount);
    connect(&m_proxy, &QAbstractItemModel::modelReset, this, &OrdersPanel::updateCount);

    // Animations repaint the viewport only: no dataChanged per frame or per second.
    connect(&m_fade, &HighlightFade::frame, m_view->viewport(), qOverload<>(&QWidget::update));
    ModelClock *clock = workspace->clock();
    // Ages and "late" move with the clock.
    connect(clock, &ModelClock::ticked, m_view->viewport(), qOverload<>(&QWidget::update));
    // Orders that became late join "late only".
    clock->every(30, this, [this] { m_proxy.refreshTimeDependent(); });
    connect(workspace, &Workspace::regionsChanged, this, &OrdersPanel::refreshRegions);
    connect(workspace, &Workspace::driversChanged, this, &OrdersPanel::refreshDrivers);

    if (m_actions) {
        connect(m_actions, &OrderActions::availableChanged, this, &OrdersPanel::updateAvailability);
        connect(m_actions, &OrderActions::statusFailed, this, &OrdersPanel::onStatusFailed);
        connect(m_actions, &OrderActions::conflictDetected, this, &OrdersPanel::onConflict);
        connect(m_actions, &OrderActions::bulkFinished, this, &OrdersPanel::onBulkFinished);
        connect(m_actions, &OrderActions::assignFailed, this, &OrdersPanel::onAssignFailed);
        connect(m_actions, &OrderActions::statusConfirmed, this,
            [this](const QString &id, const QJsonObject &) {
                if (m_mine.remove(id))
                    Q_EMIT messageRequested(tr("%1: change confirmed").arg(id), 4000);
            });
    }
    connect(m_delegate, &OrdersDelegate::statusChosen, this,
        [this](const QString &id, OrderStatus status) {
            if (m_dialogs && OrderDialogs::needsReason(status)) {
                m_dialogs->changeStatusWithReason({ id }, status);
                return;
            }
            if (m_actions && m_actions->setStatus(id, status))
                m_mine.insert(id);
            else
                showNotice(tr("Not connected: %1 was not changed").arg(id));
        });

    refreshRegions();
    refreshDrivers();
    refreshViews();
    updateCount();
    updateAvailability();
    setFreshness(false, {});
}

OrdersPanel::~OrdersPanel() = default;

void OrdersPanel::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    auto *header = new QHBoxLayout;
    m_title = new QLabel(tr("Orders"), this);
    m_title->setObjectName(u"titleLabel"_s);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    m_title->setFont(big);
    m_count = new QLabel(this);
    m_count->setObjectName(u"countLabel"_s);
    QFont number = m_count->font();
    number.setPointSizeF(number.pointSizeF() * 1.3);
    m_count->setFont(number);
    m_freshness = new QLabel(this);
    m_freshness->setObjectName(u"freshnessLabel"_s);
    QFont fresh = m_freshness->font();
    fresh.setPointSizeF(fresh.pointSizeF() * 1.2);
    fresh.setBold(true);
    m_freshness->setFont(fresh);
    header->addWidget(m_title);
    header->addSpacing(12);
    header->addWidget(m_count);
    header->addStretch(1);
    header->addWidget(m_freshness);
    layout->addLayout(header);

    auto *filters = new QHBoxLayout;
    // Combos sized by a few characters keep the panel within a laptop screen in any language.
    m_status = new QComboBox(this);
    m_status->setObjectName(u"statusFilter"_s);
    m_status->setMinimumContentsLength(10);
    m_status->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_status->addItem(tr("All statuses"), int(AnyStatus));
    m_status->addItem(tr("Open (not finished)"), int(OpenStatuses));
    for (OrderStatus s : kAllStatuses)
        m_status->addItem(OrdersDelegate::statusLabel(s), int(s));
    m_region = new QComboBox(this);
    m_region->setObjectName(u"regionFilter"_s);
    m_region->setMinimumContentsLength(8);
    m_region->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_region->addItem(tr("All regions"), QString());
    m_driver = new QComboBox(this);
    m_driver->setObjectName(u"driverFilter"_s);
    m_driver->setMinimumContentsLength(12);
    m_driver->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_driver->addItem(tr("All drivers"), kAnyDriver.toString());
    m_driver->addItem(tr("No driver"), QString());
    m_late = new QCheckBox(tr("&Late only"), this);
    m_late->setObjectName(u"lateOnlyCheck"_s);
    m_atRisk = new QCheckBox(tr("At &risk"), this);
    m_atRisk->setObjectName(u"atRiskCheck"_s);
    m_search = new QLineEdit(this);
    m_search->setObjectName(u"searchEdit"_s);
    m_search->setPlaceholderText(tr("Search orders, customers, addresses…"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(160);
    m_views = new QComboBox(this);
    m_views->setObjectName(u"viewsCombo"_s);
    m_views->setMinimumContentsLength(10);
    m_views->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_saveView = new QToolButton(this);
    m_saveView->setObjectName(u"saveViewButton"_s);
    m_deleteView = new QToolButton(this);
    m_deleteView->setObjectName(u"deleteViewButton"_s);
    filters->addWidget(new QLabel(tr("Status:"), this));
    filters->addWidget(m_status);
    filters->addWidget(new QLabel(tr("Region:"), this));
    filters->addWidget(m_region);
    filters->addWidget(new QLabel(tr("Driver:"), this));
    filters->addWidget(m_driver);
    filters->addWidget(m_late);
    filters->addWidget(m_atRisk);
    filters->addWidget(m_search, 1);
    filters->addSpacing(12);
    filters->addWidget(new QLabel(tr("View:"), this));
    filters->addWidget(m_views);
    filters->addWidget(m_saveView);
    filters->addWidget(m_deleteView);
    layout->addLayout(filters);

    m_notice = new NoticeLabel(this);
    m_notice->setObjectName(u"noticeLabel"_s);
    layout->addWidget(m_notice);

    m_view = new QTableView(this);
    m_view->setObjectName(u"ordersView"_s);
    m_view->setModel(&m_proxy);
    m_delegate = new OrdersDelegate(m_view);
    m_view->setItemDelegate(m_delegate);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setSortingEnabled(true);
    // Most urgent first: the longest late, then the least time left; finished ones last.
    m_view->sortByColumn(OrdersTableModel::LeftColumn, Qt::AscendingOrder);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
        | QAbstractItemView::SelectedClicked);
    // 10k rows: every row the same height, columns sized by default widths, not by contents.
    QHeaderView *rows = m_view->verticalHeader();
    rows->hide();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    QHeaderView *cols = m_view->horizontalHeader();
    cols->setSectionResizeMode(QHeaderView::Interactive);
    cols->setSectionsMovable(true);
    cols->setHighlightSections(false);
    const int em = m_view->fontMetrics().horizontalAdvance(u'M');
    const QList<std::pair<int, int>> widths { { OrdersTableModel::IdColumn, 8 },
        { OrdersTableModel::CustomerColumn, 14 }, { OrdersTableModel::RegionColumn, 6 },
        { OrdersTableModel::StatusColumn, 10 }, { OrdersTableModel::PickupColumn, 12 },
        { OrdersTableModel::DropoffColumn, 14 }, { OrdersTableModel::DueColumn, 9 },
        { OrdersTableModel::AmountColumn, 7 }, { OrdersTableModel::UpdatedColumn, 7 },
        { OrdersTableModel::AgeColumn, 5 }, { OrdersTableModel::DriverColumn, 11 },
        { OrdersTableModel::LeftColumn, 8 }, { OrdersTableModel::EtaColumn, 13 } };
    for (const auto &[column, ems] : widths)
        cols->resizeSection(column, ems * em);
    // Time left and the ETA read with the due time they are about.
    cols->moveSection(cols->visualIndex(OrdersTableModel::LeftColumn),
        cols->visualIndex(OrdersTableModel::DueColumn) + 1);
    cols->moveSection(cols->visualIndex(OrdersTableModel::EtaColumn),
        cols->visualIndex(OrdersTableModel::LeftColumn) + 1);
    // The driver belongs next to the status it explains.
    cols->moveSection(cols->visualIndex(OrdersTableModel::DriverColumn),
        cols->visualIndex(OrdersTableModel::StatusColumn) + 1);
    cols->setStretchLastSection(false);
    cols->setSectionResizeMode(OrdersTableModel::CustomerColumn, QHeaderView::Stretch);
    cols->setSectionResizeMode(OrdersTableModel::DropoffColumn, QHeaderView::Stretch);
    layout->addWidget(m_view, 1);

    connect(m_view, &QWidget::customContextMenuRequested, this, &OrdersPanel::showContextMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            if (current.isValid())
                Q_EMIT orderActivated(current.data(OrdersTableModel::IdRole).toString());
        });
    connect(m_status, &QComboBox::currentIndexChanged, this, &OrdersPanel::onFilterWidgetsChanged);
    connect(m_region, &QComboBox::currentIndexChanged, this, &OrdersPanel::onFilterWidgetsChanged);
    connect(m_driver, &QComboBox::currentIndexChanged, this, &OrdersPanel::onFilterWidgetsChanged);
    connect(m_late, &QCheckBox::toggled, this, &OrdersPanel::onFilterWidgetsChanged);
    connect(m_atRisk, &QCheckBox::toggled, this, &OrdersPanel::onFilterWidgetsChanged);
    const auto explainAtRisk = [this] {
        m_atRisk->setToolTip(tr("Open orders not late yet that are due within %1 min or whose ETA "
                                "is after their due time")
                                 .arg(model()->atRiskMinutes()));
    };
    connect(model(), &OrdersTableModel::serverClockChanged, m_atRisk, explainAtRisk);
    explainAtRisk();
    connect(m_search, &QLineEdit::textChanged, this, &OrdersPanel::onFilterWidgetsChanged);
    connect(m_views, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            applyView(m_views->itemText(index));
    });
}

void OrdersPanel::setupActions()
{
    int n = 1;
    for (OrderStatus s : kAllStatuses) {
        QAction *action = newAction(tr("Set status: %1").arg(OrdersDelegate::statusLabel(s)),
            u"setStatus_"_s + toString(s), QKeySequence(u"Ctrl+%1"_s.arg(n++)));
        action->setShortcutContext(Qt::WindowShortcut);
        connect(action, &QAction::triggered, this, [this, s] { changeSelectedStatus(s); });
        m_statusActions.append(action);
    }
    m_exportAction =
        newAction(tr("&Export view as CSV…"), u"exportCsv"_s, QKeySequence(u"Ctrl+E"_s));
    connect(m_exportAction, &QAction::triggered, this, &OrdersPanel::promptExport);
    m_saveViewAction = newAction(tr("&Save view…"), u"saveView"_s, QKeySequence(u"Ctrl+S"_s));
    connect(m_saveViewAction, &QAction::triggered, this, &OrdersPanel::promptSaveView);
    m_saveView->setDefaultAction(m_saveViewAction);
    m_saveView->setText(tr("Save"));
    m_deleteViewAction = newAction(tr("&Delete view"), u"deleteView"_s);
    connect(m_deleteViewAction, &QAction::triggered, this, [this] {
        if (m_views->currentIndex() > 0)
            deleteView(m_views->currentText());
    });
    m_deleteView->setDefaultAction(m_deleteViewAction);
    m_deleteView->setText(tr("Delete"));
    m_findAction = newAction(tr("&Find…"), u"find"_s, QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, &OrdersPanel::focusSearch);
    m_lateAction = newAction(tr("&Late orders only"), u"lateOnly"_s, QKeySequence(u"Ctrl+L"_s));
    m_lateAction->setCheckable(true);
    connect(m_lateAction, &QAction::toggled, m_late, &QCheckBox::setChecked);
    connect(m_late, &QCheckBox::toggled, m_lateAction, &QAction::setChecked);
    m_clearAction =
        newAction(tr("&Clear filters"), u"clearFilters"_s, QKeySequence(u"Ctrl+Shift+L"_s));
    connect(m_clearAction, &QAction::triggered, this, &OrdersPanel::clearFilters);
    m_assignAction = newAction(tr("&Assign driver…"), u"assignDriver"_s, QKeySequence(u"Ctrl+D"_s));
    m_assignAction->setShortcutContext(Qt::WindowShortcut);
    connect(m_assignAction, &QAction::triggered, this, &OrdersPanel::popUpAssignMenu);
    addActions(m_statusActions);
    addActions({ m_exportAction, m_saveViewAction, m_findAction, m_lateAction, m_clearAction,
        m_assignAction });
}

void OrdersPanel::setOrderDialogs(OrderDialogs *dialogs)
{
    m_dialogs = dialogs;
    // A change started there (after its reason) is this panel's to confirm or to show conflicts of.
    connect(dialogs, &OrderDialogs::statusChangeStarted, this, [this](const QStringList &ids) {
        if (ids.size() == 1)
            m_mine.insert(ids.first());
        else
            ++m_myBulks;
    });
}

QAction *OrdersPanel::newAction(const QString &text, const QString &name, const QKeySequence &keys)
{
    auto *action = new QAction(text, this);
    action->setObjectName(name);
    action->setShortcut(keys);
    return action;
}

QStringList OrdersPanel::selectedIds() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
        [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList ids;
    ids.reserve(rows.size());
    for (const QModelIndex &index : std::as_const(rows))
        ids.append(index.data(OrdersTableModel::IdRole).toString());
    return ids;
}

QString OrdersPanel::currentOrderId() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.data(OrdersTableModel::IdRole).toString() : QString();
}

bool OrdersPanel::changeSelectedStatus(OrderStatus status)
{
    const QStringList ids = selectedIds();
    if (ids.isEmpty() || !m_actions)
        return false;
    if (!m_actions->isAvailable()) {
        showNotice(tr("Not connected: nothing was changed. Changes need a live connection."));
        return false;
    }
    if (m_dialogs && OrderDialogs::needsReason(status))
        return m_dialogs->changeStatusWithReason(ids, status) != nullptr;
    if (ids.size() == 1) {
        if (!m_actions->setStatus(ids.first(), status))
            return false;
        m_mine.insert(ids.first());
        return true;
    }
    if (!m_actions->setStatusBulk(ids, status))
        return false;
    ++m_myBulks;
    Q_EMIT messageRequested(
        tr("Changing %1 orders to %2…").arg(ids.size()).arg(OrdersDelegate::statusLabel(status)),
        4000);
    return true;
}

void OrdersPanel::onFilterWidgetsChanged()
{
    if (m_syncingWidgets)
        return;
    OrdersFilter f;
    const int preset = m_status->currentData().toInt();
    if (preset == OpenStatuses)
        f.statuses = openStatuses();
    else if (preset >= 0)
        f.statuses = { OrderStatus(preset) };
    f.region = m_region->currentData().toString();
    if (const QString driver = m_driver->currentData().toString(); driver != kAnyDriver)
        f.driver = driver;
    f.lateOnly = m_late->isChecked();
    f.atRiskOnly = m_atRisk->isChecked();
    f.search = m_search->text().trimmed();
    m_proxy.setFilter(f);
}

void OrdersPanel::syncFilterWidgets()
{
    const OrdersFilter &f = m_proxy.filter();
    m_syncingWidgets = true;
    int statusIndex = 0;
    if (f.statuses == openStatuses())
        statusIndex = m_status->findData(int(OpenStatuses));
    else if (f.statuses.size() == 1)
        statusIndex = m_status->findData(int(*f.statuses.begin()));
    m_status->setCurrentIndex(std::max(0, statusIndex));
    int regionIndex = m_region->findData(f.region);
    if (regionIndex < 0) {
        m_region->addItem(f.region, f.region);
        regionIndex = m_region->count() - 1;
    }
    m_region->setCurrentIndex(regionIndex);
    int driverIndex = m_driver->findData(f.driver.value_or(kAnyDriver.toString()));
    if (driverIndex < 0) {
        m_driver->addItem(*f.driver, *f.driver); // a saved view's driver not known (yet)
        driverIndex = m_driver->count() - 1;
    }
    m_driver->setCurrentIndex(driverIndex);
    m_late->setChecked(f.lateOnly);
    m_atRisk->setChecked(f.atRiskOnly);
    m_search->setText(f.search);
    m_syncingWidgets = false;
}

void OrdersPanel::clearFilters()
{
    m_proxy.setFilter({});
    syncFilterWidgets();
    m_views->setCurrentIndex(0);
}

void OrdersPanel::refreshRegions()
{
    const QString current = m_region->currentData().toString();
    const QStringList regions = m_workspace->regions();
    QStringList known;
    for (int i = 1; i < m_region->count(); ++i)
        known.append(m_region->itemData(i).toString());
    if (known == regions)
        return;
    m_syncingWidgets = true;
    m_region->clear();
    m_region->addItem(tr("All regions"), QString());
    for (const QString &r : regions)
        m_region->addItem(r, r);
    const int index = m_region->findData(current);
    if (index < 0 && !current.isEmpty()) {
        m_region->addItem(current, current);
        m_region->setCurrentIndex(m_region->count() - 1);
    } else {
        m_region->setCurrentIndex(std::max(0, index));
    }
    m_syncingWidgets = false;
}

void OrdersPanel::refreshDrivers()
{
    // Fixed entries first ("All drivers", "No driver"), then drivers by name.
    const QList<DriverChoice> entries = m_workspace->driverChoices();
    constexpr int kFixed = 2;
    bool same = m_driver->count() == kFixed + entries.size();
    for (qsizetype i = 0; same && i < entries.size(); ++i) {
        same = m_driver->itemData(kFixed + int(i)).toString() == entries.at(i).id
            && m_driver->itemText(kFixed + int(i)) == entries.at(i).label;
    }
    if (same)
        return;
    const QString current = m_driver->currentData().toString();
    m_syncingWidgets = true;
    while (m_driver->count() > kFixed)
        m_driver->removeItem(kFixed);
    for (const DriverChoice &choice : entries)
        m_driver->addItem(choice.label, choice.id);
    int index = m_driver->findData(current);
    if (index < 0) {
        m_driver->addItem(current, current); // filtered by a driver that left the list
        index = m_driver->count() - 1;
    }
    m_driver->setCurrentIndex(index);
    m_syncingWidgets = false;
}

void OrdersPanel::saveView(const QString &name)
{
    const QHeaderView *header = m_view->horizontalHeader();
    if (!m_savedViews.save({ name, m_proxy.filter(), header->sortIndicatorSection(),
            header->sortIndicatorOrder() }))
        return;
    const QString key = name.trimmed();
    refreshViews();
    m_views->setCurrentIndex(m_views->findText(key));
    Q_EMIT messageRequested(tr("View “%1” saved").arg(key), 4000);
}

void OrdersPanel::deleteView(const QString &name)
{
    m_savedViews.remove(name);
    refreshViews();
}

bool OrdersPanel::applyView(const QString &name)
{
    const std::optional<SavedView> view = m_savedViews.load(name);
    if (!view)
        return false;
    m_proxy.setFilter(view->filter);
    if (view->sortColumn >= 0)
        m_view->sortByColumn(view->sortColumn, view->sortOrder);
    syncFilterWidgets();
    m_views->setCurrentIndex(std::max(0, m_views->findText(name)));
    return true;
}

void OrdersPanel::refreshViews()
{
    const QString current = m_views->currentIndex() > 0 ? m_views->currentText() : QString();
    m_views->clear();
    m_views->addItem(tr("(no saved view)"));
    m_views->addItems(viewNames());
    m_views->setCurrentIndex(std::max(0, m_views->findText(current)));
}

void OrdersPanel::promptSaveView()
{
    bool ok = false;
    const QString suggested = m_views->currentIndex() > 0 ? m_views->currentText() : QString();
    const QString name = QInputDialog::getText(this, tr("Save view"),
        tr("Name for the current filters and sort order:"), QLineEdit::Normal, suggested, &ok);
    if (ok && !name.trimmed().isEmpty())
        saveView(name);
}

QList<int> OrdersPanel::exportColumns() const
{
    const QHeaderView *header = m_view->horizontalHeader();
    QList<int> columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns.append(logical);
    }
    return columns;
}

QString OrdersPanel::toCsv(const CsvFormat &format) const
{
    return CsvExport::table(m_proxy, exportColumns(), format);
}

bool OrdersPanel::exportCsv(const QString &fileName, const CsvFormat &format, QString *error) const
{
    return CsvExport::save(fileName, toCsv(format), format, error);
}

void OrdersPanel::promptExport()
{
    // Spreadsheets split CSV at their locale's list separator: `;` where the decimal point is a
    // comma. The dialog offers both, the locale's first chosen.
    const QString semicolons =
        tr("CSV with semicolons, for Excel in German and other decimal-comma languages (*.csv)");
    const QString commas = tr("CSV with commas (*.csv)");
    QString chosen = CsvFormat::forLocale(QLocale()).separator == u';' ? semicolons : commas;
    const QString fileName = QFileDialog::getSaveFileName(
        this, tr("Export view as CSV"), tr("orders.csv"), semicolons + u";;"_s + commas, &chosen);
    if (fileName.isEmpty())
        return;
    CsvFormat format;
    format.separator = chosen == semicolons ? u';' : u',';
    QString error;
    if (exportCsv(fileName, format, &error))
        Q_EMIT messageRequested(m_proxy.rowCount() == 1
                ? tr("Exported 1 order to %1").arg(fileName)
                : tr("Exported %1 orders to %2").arg(m_proxy.rowCount()).arg(fileName),
            6000);
    else
        showNotice(tr("Could not export to %1: %2").arg(fileName, error));
}

void OrdersPanel::selectOrder(const QString &id)
{
    const int sourceRow = model()->rowOf(id);
    if (sourceRow < 0)
        return;
    const QModelIndex index = m_proxy.mapFromSource(model()->index(sourceRow, 0));
    if (!index.isValid())
        return; // filtered out: do not change the dispatcher's filters behind their back
    if (m_view->currentIndex().row() == index.row())
        return;
    const QSignalBlocker blocker(this); // no echo back to whoever asked
    m_view->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

void OrdersPanel::setFreshness(bool live, const QDateTime &asOf)
{
    m_live = live;
    m_asOf = live ? QDateTime() : asOf;
    if (live) {
        m_freshness->setText(tr("● Live"));
        m_freshness->setToolTip(tr("Every change on the server reaches this table at once."));
    } else if (asOf.isValid()) {
        m_freshness->setText(
            tr("Not live — as of %1").arg(asOf.toLocalTime().toString(u"HH:mm:ss"_s)));
        m_freshness->setToolTip(tr("The connection is down. The rows are what the server had at "
                                   "%1; changes since then are not shown.")
                                    .arg(QLocale().toString(asOf.toLocalTime())));
    } else {
        m_freshness->setText(tr("Not live — not loaded yet"));
        m_freshness->setToolTip({});
    }
    QPalette fp = m_freshness->palette();
    fp.setColor(QPalette::WindowText,
        OrdersDelegate::readable(live ? QColor(0x1a, 0x8a, 0x3a) : QColor(0xc2, 0x7c, 0x0e),
            palette().color(QPalette::Window)));
    m_freshness->setPalette(fp);
    // A stale table looks different: the same amber tint as every other panel when not live.
    QPalette p = palette();
    if (!live) {
        p.setColor(QPalette::Base, DashPanel::staleTint(p.color(QPalette::Base), 0.10));
        p.setColor(
            QPalette::AlternateBase, DashPanel::staleTint(p.color(QPalette::AlternateBase), 0.10));
    }
    m_view->setPalette(p);
    m_view->setProperty("stale", !live);
    updateAvailability();
}

void OrdersPanel::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void OrdersPanel::updateCount()
{
    const int total = model()->rowCount();
    const int shown = m_proxy.rowCount();
    if (shown != total)
        m_count->setText(total == 1 ? tr("%1 of 1 order").arg(shown)
                                    : tr("%1 of %2 orders").arg(shown).arg(total));
    else
        m_count->setText(total == 1 ? tr("1 order") : tr("%1 orders").arg(total));
}

void OrdersPanel::updateAvailability()
{
    const bool available = m_actions && m_actions->isAvailable();
    for (QAction *a : std::as_const(m_statusActions)) {
        a->setEnabled(available);
        a->setToolTip(available ? QString() : tr("Needs a live connection"));
    }
    if (m_assignAction) {
        m_assignAction->setEnabled(available);
        m_assignAction->setToolTip(available ? QString() : tr("Needs a live connection"));
    }
    m_view->setEditTriggers(available ? QAbstractItemView::DoubleClicked
                | QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked
                                      : QAbstractItemView::NoEditTriggers);
}

void OrdersPanel::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    if (!index.isValid())
        return;
    QMenu menu(this);
    const QStringList ids = selectedIds();
    QMenu *status = menu.addMenu(
        ids.size() > 1 ? tr("Set status of %1 orders").arg(ids.size()) : tr("Set status"));
    status->setEnabled(m_actions && m_actions->isAvailable());
    QList<OrderStatus> allowed = kAllStatuses;
    if (ids.size() == 1) {
        if (const auto s =
                orderStatusFromString(index.data(OrdersTableModel::StatusRole).toString()))
            allowed = OrdersDelegate::nextStatuses(*s);
    }
    for (QAction *a : std::as_const(m_statusActions)) {
        const auto s = orderStatusFromString(a->objectName().mid(int(u"setStatus_"_s.size())));
        if (s && allowed.contains(*s))
            status->addAction(a);
    }
    if (ids.size() == 1) {
        if (QMenu *assign = buildAssignMenu(ids.first(), &menu)) {
            menu.addMenu(assign);
            assign->setEnabled(m_actions && m_actions->isAvailable());
        }
    }
    if (m_dialogs)
        m_dialogs->addToMenu(&menu, ids);
    menu.addSeparator();
    menu.addAction(m_exportAction);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

QMenu *OrdersPanel::buildAssignMenu(const QString &id, QWidget *parent)
{
    const int row = model()->rowOf(id);
    if (row < 0)
        return nullptr;
    const Order &order = model()->orders().at(row);
    if (isFinal(order.status))
        return nullptr;
    DriversTableModel *drivers = m_workspace->drivers();
    drivers->tick({}); // presence ("not responding") is judged against now, not a past tick
    auto *menu = new AssignMenu(m_workspace->queries(), drivers, order, parent);
    connect(menu, &AssignMenu::driverChosen, this, &OrdersPanel::assignDriver);
    return menu;
}

bool OrdersPanel::assignDriver(const QString &id, const QString &driverId)
{
    if (!m_actions || !m_actions->isAvailable()) {
        showNotice(tr("Not connected: %1 was not changed").arg(id));
        return false;
    }
    const int row = model()->rowOf(id);
    if (row >= 0 && model()->orders().at(row).driverId == driverId)
        return false; // already so
    if (!m_actions->assignDriver(id, driverId))
        return false;
    m_mine.insert(id);
    return true;
}

void OrdersPanel::popUpAssignMenu()
{
    const QString id = currentOrderId();
    if (id.isEmpty())
        return;
    QMenu *menu = buildAssignMenu(id, this);
    if (!menu) {
        Q_EMIT messageRequested(tr("%1 is finished: it cannot be given to a driver").arg(id), 4000);
        return;
    }
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const QRect cell = m_view->visualRect(m_view->currentIndex());
    menu->popup(m_view->viewport()->mapToGlobal(cell.bottomLeft()));
}

void OrdersPanel::onAssignFailed(const QString &id, const QString &driverId, const QString &message)
{
    if (!m_mine.remove(id))
        return;
    showNotice(driverId.isEmpty()
            ? tr("%1 keeps its driver — %2. The row shows the server's state again.")
                  .arg(id, message)
            : tr("%1 was not given to %2 — %3. The row shows the server's state again.")
                  .arg(id, model()->driverLabel(driverId), message));
}

void OrdersPanel::showNotice(const QString &text)
{
    m_notice->showNotice(text);
    Q_EMIT messageRequested(text, 8000);
}

void OrdersPanel::onStatusFailed(const QString &id, OrderStatus wanted, const QString &message)
{
    if (!m_mine.remove(id))
        return;
    showNotice(tr("%1 was not changed to %2 — %3. The row shows the server's status again.")
                   .arg(id, OrdersDelegate::statusLabel(wanted), message));
}

void OrdersPanel::onConflict(
    const QString &id, OrderStatus wanted, const QJsonObject &yours, const QJsonObject &current)
{
    if (!m_mine.remove(id))
        return;
    auto *dialog = new ConflictDialog(id, wanted, yours, current, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ConflictDialog::retryRequested, this,
        [this, reason = yours.value("reason"_L1).toString()](
            const QString &orderId, OrderStatus status, qint64 version) {
            if (m_actions && m_actions->setStatus(orderId, status, version, reason))
                m_mine.insert(orderId);
            else
                showNotice(tr("Not connected: %1 was not changed").arg(orderId));
        });
    connect(dialog, &QDialog::rejected, this,
        [this, id] { Q_EMIT messageRequested(tr("%1: your change was discarded").arg(id), 5000); });
    m_conflictDialog = dialog;
    dialog->open();
}

void OrdersPanel::onBulkFinished(OrderStatus status, const QList<OrderActionResult> &results)
{
    if (m_myBulks <= 0)
        return;
    --m_myBulks;
    int ok = 0;
    for (const OrderActionResult &r : results)
        ok += r.ok ? 1 : 0;
    const int failed = int(results.size()) - ok;
    const QString summary = failed == 0
        ? tr("All %1 orders changed to %2").arg(ok).arg(OrdersDelegate::statusLabel(status))
        : tr("%1 of %2 orders changed to %3; %4 not changed")
              .arg(ok)
              .arg(results.size())
              .arg(OrdersDelegate::statusLabel(status))
              .arg(failed);
    Q_EMIT messageRequested(summary, 8000);
    if (failed == 0)
        return;
    auto *dialog = new QDialog(this);
    dialog->setObjectName(u"bulkResultDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Bulk status change"));
    auto *layout = new QVBoxLayout(dialog);
    auto *label = new QLabel(summary, dialog);
    label->setObjectName(u"summaryLabel"_s);
    layout->addWidget(label);
    auto *table = new QTableWidget(int(results.size()), 2, dialog);
    table->setObjectName(u"resultTable"_s);
    table->setHorizontalHeaderLabels({ tr("Order"), tr("Result") });
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int r = 0; r < results.size(); ++r) {
        table->setItem(r, 0, new QTableWidgetItem(results.at(r).id));
        table->setItem(
            r, 1, new QTableWidgetItem(results.at(r).ok ? tr("Changed") : results.at(r).message));
    }
    table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(table);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog->resize(520, 320);
    m_bulkDialog = dialog;
    dialog->open();
}

} // namespace Ops
