"""Tests of clean_source.py (run by scripts/test.sh: python3 -m unittest discover -s scripts/dev).
Each case is a shape found in the seed texts; the fixtures are made-up filler, not policy text."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clean_source import clean  # noqa: E402

LONG = "这是一段用于测试的较长正文，长度超过三十个字符，在分页处被截断后"


def lines(text):
    return text.split("\n")


class JoinsAcrossPageBreaks(unittest.TestCase):
    def test_a_paragraph_cut_mid_sentence_is_joined(self):
        self.assertEqual(clean(lines(LONG + "\n\n继续到下一页。")), LONG + "继续到下一页。\n")

    def test_a_heading_on_the_next_line_is_not_joined(self):
        self.assertEqual(clean(lines(LONG + "\n二、下一部分")), LONG + "\n二、下一部分\n")


class Notes(unittest.TestCase):
    def test_a_note_is_not_glued_onto_a_heading(self):
        heading = "（三）这是一个只有标题而没有句子的较长的条款标题文字用于测试"
        out = clean(lines(heading + "\n说明：本条为测试说明文字。"))
        self.assertEqual(out, heading + "\n说明：本条为测试说明文字。\n")

    def test_a_note_is_not_glued_onto_a_cut_paragraph(self):
        out = clean(lines(LONG + "\n注：测试用的注释。"))
        self.assertEqual(out, LONG + "\n注：测试用的注释。\n")


class PageNumbers(unittest.TestCase):
    def test_printed_page_numbers_are_removed(self):
        for page in ["- 3 -", "— 12 —", "－3－", "第 3 页", "第3页 共10页", "3/10", "7"]:
            with self.subTest(page=page):
                out = clean(lines(LONG + "\n\n" + page + "\n\n继续到下一页。"))
                self.assertEqual(out, LONG + "继续到下一页。\n")

    def test_a_number_inside_text_stays(self):
        self.assertEqual(clean(lines("一、测试\n3. 第三项")), "一、测试\n3. 第三项\n")


class PrintedTwice(unittest.TestCase):
    def test_a_passage_printed_twice_is_kept_once(self):
        a = "第一段测试正文，长度足够长，以句号结束，用于检查重复。"
        b = "第二段测试正文，长度也足够长，以句号结束，用于检查重复。"
        out = clean(lines("\n".join([a, b, "", a, b, "", "结尾。"])))
        self.assertEqual(out, a + "\n" + b + "\n\n结尾。\n")

    def test_a_short_line_may_repeat(self):
        self.assertEqual(clean(lines("附件\n\n附件")), "附件\n\n附件\n")


if __name__ == "__main__":
    unittest.main()
