#include "conflictdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ordersdelegate.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

QString statusText(const QJsonObject &o)
{
    const auto s = orderStatusFromString(o.value("status"_L1).toString());
    return s ? OrdersDelegate::statusLabel(*s) : o.value("status"_L1).toString();
}

QString timeText(const QJsonObject &o, QLatin1StringView field)
{
    const QDateTime t = QDateTime::fromString(o.value(field).toString(), Qt::ISODateWithMs);
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat) : QString();
}

} // namespace

ConflictDialog::ConflictDialog(const QString &id, OrderStatus wanted, const QJsonObject &yours,
    const QJsonObject &current, QWidget *parent)
    : QDialog(parent)
    , m_id(id)
    , m_wanted(wanted)
    , m_current(current)
    , m_table(new QTableWidget(this))
{
    setObjectName(u"conflictDialog"_s);
    setWindowTitle(tr("%1 was changed by someone else").arg(id));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Your change of <b>%1</b> to <b>%2</b> was not applied: another "
                                "change reached the server first. Nothing was overwritten.")
                                 .arg(id.toHtmlEscaped(), OrdersDelegate::statusLabel(wanted)),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    struct Field
    {
        QString label;
        QString yours;
        QString server;
    };
    const QList<Field> fields {
        { tr("Status"), statusText(yours), statusText(current) },
        { tr("Version"), QString::number(yours.value("version"_L1).toInteger()),
            QString::number(current.value("version"_L1).toInteger()) },
        { tr("Customer"), yours.value("customer"_L1).toString(),
            current.value("customer"_L1).toString() },
        { tr("Due"), timeText(yours, "dueAt"_L1), timeText(current, "dueAt"_L1) },
        { tr("Last updated"), timeText(yours, "updatedAt"_L1), timeText(current, "updatedAt"_L1) },
    };
    m_table->setObjectName(u"conflictTable"_s);
    m_table->setColumnCount(2);
    m_table->setRowCount(int(fields.size()));
    m_table->setHorizontalHeaderLabels({ tr("Yours"), tr("Server now") });
    QStringList rowLabels;
    for (int r = 0; r < fields.size(); ++r) {
        rowLabels.append(fields.at(r).label);
        auto *mine = new QTableWidgetItem(fields.at(r).yours);
        auto *theirs = new QTableWidgetItem(fields.at(r).server);
        if (fields.at(r).yours != fields.at(r).server) {
            QFont bold = theirs->font();
            bold.setBold(true);
            mine->setFont(bold);
            theirs->setFont(bold);
        }
        m_table->setItem(r, 0, mine);
        m_table->setItem(r, 1, theirs);
    }
    m_table->setVerticalHeaderLabels(rowLabels);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    layout->addWidget(m_table);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *retry =
        buttons->addButton(tr("&Apply to current version"), QDialogButtonBox::AcceptRole);
    retry->setObjectName(u"retryButton"_s);
    QPushButton *discard =
        buttons->addButton(tr("&Discard my change"), QDialogButtonBox::RejectRole);
    discard->setObjectName(u"discardButton"_s);
    if (!canRetry()) {
        retry->setEnabled(false);
        retry->setToolTip(tr("The order's current status cannot become %1")
                              .arg(OrdersDelegate::statusLabel(wanted)));
        discard->setDefault(true);
    }
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        Q_EMIT retryRequested(m_id, m_wanted, currentVersion());
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(520, 320);
}

ConflictDialog::~ConflictDialog() = default;

qint64 ConflictDialog::currentVersion() const
{
    return m_current.value("version"_L1).toInteger();
}

bool ConflictDialog::canRetry() const
{
    const auto now = orderStatusFromString(m_current.value("status"_L1).toString());
    return now && canTransition(*now, m_wanted);
}

} // namespace Ops
