#include "driverhistorydialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

#include "models/driverhistorymodel.h"

using namespace Qt::StringLiterals;

namespace Ops {

DriverHistoryDialog::DriverHistoryDialog(
    QueryClient *queries, const QString &driverId, const QString &driverName, QWidget *parent)
    : QDialog(parent)
    , m_model(new DriverHistoryModel(queries, this))
    , m_view(new QTableView(this))
    , m_note(new QLabel(this))
{
    setObjectName(u"driverHistoryDialog"_s);
    setWindowTitle(tr("History of %1 (%2)").arg(driverName, driverId));
    m_model->setDriverId(driverId);
    m_view->setObjectName(u"driverHistoryView"_s);
    m_view->setModel(m_model);
    m_view->verticalHeader()->hide();
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setAlternatingRowColors(true);
    m_note->setObjectName(u"historyNote"_s);
    m_note->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view);
    layout->addWidget(m_note);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    const auto update = [this] {
        m_view->resizeColumnsToContents();
        refreshNote();
    };
    connect(m_model, &QAbstractItemModel::rowsInserted, this, update);
    connect(m_model, &RowDiffModel::statusChanged, this, update);
    refreshNote();
    resize(760, 380);
}

DriverHistoryDialog::~DriverHistoryDialog() = default;

void DriverHistoryDialog::refreshNote()
{
    const QString error = m_model->errorText();
    if (!error.isEmpty())
        m_note->setText(tr("The history is not available: %1").arg(error));
    else if (!m_model->hasData())
        m_note->setText(tr("Loading…"));
    else if (m_model->rowCount() == 0)
        m_note->setText(tr("No changes recorded."));
    else
        m_note->clear();
    m_note->setVisible(!m_note->text().isEmpty());
}

} // namespace Ops
