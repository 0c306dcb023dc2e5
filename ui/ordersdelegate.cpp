#include "ordersdelegate.h"

#include <algorithm>

#include <QApplication>
#include <QComboBox>
#include <QPainter>

#include "models/orderstablemodel.h"

using namespace Qt::StringLiterals;

namespace Ops {

OrdersDelegate::OrdersDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

OrdersDelegate::~OrdersDelegate() = default;

QList<OrderStatus> OrdersDelegate::nextStatuses(OrderStatus from)
{
    QList<OrderStatus> next;
    for (OrderStatus to :
        { OrderStatus::New, OrderStatus::Assigned, OrderStatus::PickedUp, OrderStatus::InTransit,
            OrderStatus::Delivered, OrderStatus::Cancelled, OrderStatus::Failed }) {
        if (canTransition(from, to))
            next.append(to);
    }
    return next;
}

QString OrdersDelegate::statusLabel(OrderStatus status)
{
    return OrdersTableModel::statusLabel(status);
}

QColor OrdersDelegate::readable(const QColor &color, const QColor &background)
{
    if (!color.isValid())
        return color;
    // On a dark background, lift the status colour until it contrasts; on light, darken.
    const bool dark = background.lightness() < 128;
    QColor c = color;
    if (dark) {
        while (c.lightness() < 170)
            c = c.lighter(115);
    } else {
        while (c.lightness() > 110)
            c = c.darker(115);
    }
    return c;
}

void OrdersDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QColor base = opt.palette.color(QPalette::Base);
    if (const QVariant fg = index.data(Qt::ForegroundRole); fg.isValid()) {
        const QColor c = readable(fg.value<QBrush>().color(), base);
        opt.palette.setColor(QPalette::Text, c);
        opt.palette.setColor(
            QPalette::HighlightedText, readable(c, opt.palette.color(QPalette::Highlight)));
    }

    // Fading tint on a row that just changed (the palette's highlight colour, translucent).
    const qint64 changedAt = index.data(OrdersTableModel::ChangedAtRole).toLongLong();
    if (changedAt > 0 && !(opt.state & QStyle::State_Selected)) {
        const qint64 age = OrdersTableModel::steadyNowMs() - changedAt;
        if (age >= 0 && age < kFadeMs) {
            QColor tint = opt.palette.color(QPalette::Highlight);
            tint.setAlphaF(0.45 * (1.0 - double(age) / kFadeMs));
            painter->fillRect(opt.rect, tint);
            opt.backgroundBrush = Qt::NoBrush;
        }
    }
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    if (index.data(OrdersTableModel::PendingRole).toBool()
        && index.column() == OrdersTableModel::StatusColumn) {
        // A dashed frame: "this is what you asked for, not yet what the server has".
        painter->save();
        QPen pen(opt.palette.color(QPalette::Text));
        pen.setStyle(Qt::DashLine);
        painter->setPen(pen);
        painter->drawRect(opt.rect.adjusted(1, 1, -2, -2));
        painter->restore();
    }
}

QWidget *OrdersDelegate::createEditor(
    QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (index.column() != OrdersTableModel::StatusColumn)
        return QStyledItemDelegate::createEditor(parent, option, index);
    const auto status = orderStatusFromString(index.data(OrdersTableModel::StatusRole).toString());
    if (!status)
        return nullptr;
    const QList<OrderStatus> next = nextStatuses(*status);
    if (next.isEmpty())
        return nullptr; // final: nothing to change
    auto *combo = new QComboBox(parent);
    combo->setObjectName(u"statusEditor"_s);
    const QString id = index.data(OrdersTableModel::IdRole).toString();
    combo->setAccessibleName(tr("New status of %1").arg(id));
    combo->setAccessibleDescription(
        tr("Only the changes the order's lifecycle allows from %1.").arg(statusLabel(*status)));
    combo->addItem(statusLabel(*status), toString(*status));
    for (OrderStatus to : next)
        combo->addItem(statusLabel(to), toString(to));
    // Commit as soon as the dispatcher picks one: one click, one change.
    connect(combo, &QComboBox::activated, combo, [this, combo] {
        auto *self = const_cast<OrdersDelegate *>(this);
        Q_EMIT self->commitData(combo);
        Q_EMIT self->closeEditor(combo);
    });
    return combo;
}

void OrdersDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        combo->setCurrentIndex(0);
        return;
    }
    QStyledItemDelegate::setEditorData(editor, index);
}

void OrdersDelegate::setModelData(
    QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    auto *combo = qobject_cast<QComboBox *>(editor);
    if (!combo) {
        QStyledItemDelegate::setModelData(editor, model, index);
        return;
    }
    const auto chosen = orderStatusFromString(combo->currentData().toString());
    const auto current = orderStatusFromString(index.data(OrdersTableModel::StatusRole).toString());
    if (chosen && current && *chosen != *current)
        Q_EMIT statusChosen(index.data(OrdersTableModel::IdRole).toString(), *chosen);
}

} // namespace Ops
