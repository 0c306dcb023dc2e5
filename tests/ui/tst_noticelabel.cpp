// NoticeLabel: a notice in the error colour that goes away by itself.

#include <QTest>
#include <QVBoxLayout>

#include "ui/noticelabel.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

class tst_NoticeLabel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsThenHidesByItself();
};

void tst_NoticeLabel::showsThenHidesByItself()
{
    QWidget panel;
    auto *layout = new QVBoxLayout(&panel);
    auto *notice = new NoticeLabel(&panel);
    layout->addWidget(notice);
    panel.show();
    QVERIFY(!notice->isVisible()); // nothing to say yet

    notice->setDuration(300ms);
    notice->showNotice(u"ORD-1 was not changed"_s);
    QVERIFY(notice->isVisible());
    QCOMPARE(notice->text(), u"ORD-1 was not changed"_s);
    // Readable: its own background, the panel's colour for the text.
    QVERIFY(notice->palette().color(QPalette::Window) != panel.palette().color(QPalette::Window));
    QCOMPARE(
        notice->palette().color(QPalette::WindowText), panel.palette().color(QPalette::Window));
    QVERIFY(notice->autoFillBackground());

    // A second notice replaces the first and starts the time again; then it hides by itself.
    notice->showNotice(u"Could not export"_s);
    QCOMPARE(notice->text(), u"Could not export"_s);
    QCOMPARE(
        notice->palette().color(QPalette::WindowText), panel.palette().color(QPalette::Window));
    QTRY_VERIFY(!notice->isVisible());
}

QTEST_MAIN(tst_NoticeLabel)
#include "tst_noticelabel.moc"
