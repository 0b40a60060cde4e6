"""The library: stories with their articles; search, filter, merge and split.

The panel lists what the main window hands it (a :class:`desktop.tasks.Library`)
and emits requests; merging and splitting are done by the core in a job.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import Library
from desktop.viewdata import display_title, outlet_label

ID_ROLE = Qt.ItemDataRole.UserRole + 20
KIND_ROLE = Qt.ItemDataRole.UserRole + 21


class LibraryPanel(QWidget):
    articleSelected = Signal(str, str)  # story id, article id
    storySelected = Signal(str)
    mergeRequested = Signal(str, str)  # keep, other
    splitRequested = Signal(str, list, str)  # story id, article ids, new label

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.library: Library | None = None
        self.languages: dict[str, str] = {}
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search title, outlet, date…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_filter)
        self.language = QComboBox()
        self.language.addItem("All languages", "")
        self.language.addItem("Hindi", "hi")
        self.language.addItem("English", "en")
        self.language.addItem("Other", "other")
        self.language.currentIndexChanged.connect(self._apply_filter)

        self.tree = QTreeWidget()
        self.tree.setObjectName("libraryTree")
        self.tree.setHeaderLabels(["Title", "Outlet", "Date", "Lang"])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 130)
        for c in (2, 3):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(28)
        self.tree.currentItemChanged.connect(self._current_changed)

        self.merge_btn = QPushButton("Merge stories")
        self.merge_btn.setToolTip("Select two stories to merge the second into the first")
        self.merge_btn.clicked.connect(self._merge)
        self.split_btn = QPushButton("Split off")
        self.split_btn.setToolTip("Select articles of one story to move them into a new story")
        self.split_btn.clicked.connect(self._split)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.language)
        buttons = QHBoxLayout()
        buttons.addWidget(self.merge_btn)
        buttons.addWidget(self.split_btn)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.tree, 1)
        lay.addLayout(buttons)

    # content ---------------------------------------------------------------------------
    def set_library(self, library: Library) -> None:
        current = self.current_ids()
        self.library = library
        self.tree.blockSignals(True)
        self.tree.clear()
        for story in library.stories:
            node = QTreeWidgetItem([f"{story.label}  ({len(story.article_ids)})", "", "", ""])
            node.setData(0, ID_ROLE, story.id)
            node.setData(0, KIND_ROLE, "story")
            f = node.font(0)
            f.setBold(True)
            node.setFont(0, f)
            node.setToolTip(0, story.label)
            self.tree.addTopLevelItem(node)
            node.setFirstColumnSpanned(True)
            for aid in story.article_ids:
                a = library.articles.get(aid)
                if a is None:
                    continue
                lang = self.languages.get(aid) or a.language or "…"
                child = QTreeWidgetItem([display_title(a), outlet_label(a) if a.outlet else "—", a.date or "—", lang])
                child.setData(0, ID_ROLE, aid)
                child.setData(0, KIND_ROLE, "article")
                tip = f"{a.title or ''}\n{a.outlet or ''}\n{a.path or ''}"
                if a.sample:
                    tip += "\nSAMPLE — fictional outlet, written for Parallax"
                    child.setText(1, outlet_label(a) + " [SAMPLE]")
                for c in range(4):
                    child.setToolTip(c, tip)
                node.addChild(child)
            node.setExpanded(True)
        self.tree.blockSignals(False)
        self._apply_filter()
        if current:
            self.select(*current, emit=False)

    def set_language(self, article_id: str, language: str) -> None:
        self.languages[article_id] = language
        for item in self._article_items():
            if item.data(0, ID_ROLE) == article_id:
                item.setText(3, language)
        self._apply_filter()

    def _article_items(self) -> list[QTreeWidgetItem]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            node = self.tree.topLevelItem(i)
            out.extend(node.child(k) for k in range(node.childCount()))
        return out

    def visible_article_ids(self) -> list[str]:
        return [it.data(0, ID_ROLE) for it in self._article_items() if not it.isHidden()]

    def _apply_filter(self, *_args) -> None:
        words = self.search.text().lower().split()
        lang = self.language.currentData() or ""
        for i in range(self.tree.topLevelItemCount()):
            node = self.tree.topLevelItem(i)
            any_shown = False
            for k in range(node.childCount()):
                child = node.child(k)
                hay = " ".join(child.text(c) for c in range(4)).lower() + " " + node.text(0).lower()
                ok = all(w in hay for w in words)
                al = child.text(3)
                if lang == "other":
                    ok = ok and al not in ("hi", "en")
                elif lang:
                    ok = ok and al == lang
                child.setHidden(not ok)
                any_shown = any_shown or ok
            node.setHidden(not any_shown and bool(words or lang))

    # selection ---------------------------------------------------------------------------
    def current_ids(self) -> tuple[str, str] | None:
        it = self.tree.currentItem()
        if it is None:
            return None
        if it.data(0, KIND_ROLE) == "story":
            return it.data(0, ID_ROLE), ""
        return it.parent().data(0, ID_ROLE), it.data(0, ID_ROLE)

    def select(self, story_id: str, article_id: str = "", emit: bool = True) -> bool:
        for i in range(self.tree.topLevelItemCount()):
            node = self.tree.topLevelItem(i)
            if node.data(0, ID_ROLE) != story_id:
                continue
            target = node
            for k in range(node.childCount()):
                if node.child(k).data(0, ID_ROLE) == article_id:
                    target = node.child(k)
            if not emit:
                self.tree.blockSignals(True)
            self.tree.setCurrentItem(target)
            self.tree.blockSignals(False)
            return True
        return False

    def _current_changed(self, item: QTreeWidgetItem | None, _prev=None) -> None:
        if item is None:
            return
        if item.data(0, KIND_ROLE) == "story":
            self.storySelected.emit(item.data(0, ID_ROLE))
        else:
            self.articleSelected.emit(item.parent().data(0, ID_ROLE), item.data(0, ID_ROLE))

    def _merge(self) -> None:
        stories = [it.data(0, ID_ROLE) for it in self.tree.selectedItems() if it.data(0, KIND_ROLE) == "story"]
        if len(stories) == 2:
            self.mergeRequested.emit(stories[0], stories[1])

    def _split(self) -> None:
        arts = [it for it in self.tree.selectedItems() if it.data(0, KIND_ROLE) == "article"]
        if not arts:
            return
        parents = {it.parent().data(0, ID_ROLE) for it in arts}
        if len(parents) != 1:
            return
        label, ok = QInputDialog.getText(self, "Split story", "Name of the new story:", text=arts[0].text(0)[:60])
        if ok:
            self.splitRequested.emit(parents.pop(), [it.data(0, ID_ROLE) for it in arts], label or "New story")
