#include "driverconflictdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Ops {

DriverConflictDialog::DriverConflictDialog(
    const QJsonObject &yours, const QJsonObject &current, QWidget *parent)
    : QDialog(parent)
    , m_table(new QTableWidget(this))
{
    const QString id = current.value("id"_L1).toString();
    setObjectName(u"driverConflictDialog"_s);
    setWindowTitle(tr("%1 was changed by someone else").arg(id));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Your change of <b>%1</b> was not saved: another change reached "
                                "the server first. Nothing was overwritten.")
                                 .arg(id.toHtmlEscaped()),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    const auto activeText = [](const QJsonObject &o) {
        return o.value("active"_L1).toBool(true) ? tr("active") : tr("deactivated");
    };
    const QList<std::tuple<QString, QString, QString>> fields {
        { tr("Name"), yours.value("name"_L1).toString(), current.value("name"_L1).toString() },
        { tr("Phone"), yours.value("phone"_L1).toString(), current.value("phone"_L1).toString() },
        { tr("Vehicle"), yours.value("vehicle"_L1).toString(),
            current.value("vehicle"_L1).toString() },
        { tr("Region"), yours.value("region"_L1).toString(),
            current.value("region"_L1).toString() },
        { tr("State"), activeText(yours), activeText(current) },
        { tr("Version"), QString::number(yours.value("version"_L1).toInteger()),
            QString::number(current.value("version"_L1).toInteger()) },
    };
    m_table->setObjectName(u"conflictTable"_s);
    m_table->setColumnCount(2);
    m_table->setRowCount(int(fields.size()));
    m_table->setHorizontalHeaderLabels({ tr("Yours"), tr("Server now") });
    QStringList labels;
    for (int r = 0; r < fields.size(); ++r) {
        const auto &[label, mine, theirs] = fields.at(r);
        labels.append(label);
        auto *a = new QTableWidgetItem(mine);
        auto *b = new QTableWidgetItem(theirs);
        if (mine != theirs) {
            QFont bold = a->font();
            bold.setBold(true);
            a->setFont(bold);
            b->setFont(bold);
        }
        m_table->setItem(r, 0, a);
        m_table->setItem(r, 1, b);
    }
    m_table->setVerticalHeaderLabels(labels);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    layout->addWidget(m_table);

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(tr("&Apply to current version"), QDialogButtonBox::AcceptRole)
        ->setObjectName(u"retryButton"_s);
    buttons->addButton(tr("&Discard my change"), QDialogButtonBox::RejectRole)
        ->setObjectName(u"discardButton"_s);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(520, 340);
}

DriverConflictDialog::~DriverConflictDialog() = default;

} // namespace Ops
