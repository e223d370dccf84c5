"""Tests of clean_source.py on passages taken from the seeds (002, 004) where the cleaner went wrong.
Run: python3 -m unittest discover -s scripts/dev -p 'test_*.py' (scripts/test.sh does)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clean_source import clean  # noqa: E402


class CleanSourceTest(unittest.TestCase):
    def test_note_after_a_heading_stays_its_own_paragraph(self):
        # seed 002 lines 13-14: a long numbered heading without a full stop, then 说明：
        src = [
            "2.支持开展工业互联网测试平台建设，根据平台服务能力给予一定资金支持",
            "说明：依据1号文“对测试验证环境建设项目，按不超过建设总投入的50%予以资助，最高资助200万元”，每年建设2个。",
        ]
        self.assertEqual(clean(src).split("\n")[:2], src)

    def test_page_numbers_are_removed_and_the_paragraph_rejoined(self):
        src = [
            "自2020年1月1日起施行，有效期至2022年12月31日，由市工业和信息化局负责",
            "",
            "2",
            "",
            "解释。",
            "— 3 —",
            "第 4 页 共 9 页",
        ]
        self.assertEqual(
            clean(src),
            "自2020年1月1日起施行，有效期至2022年12月31日，由市工业和信息化局负责解释。\n",
        )

    def test_a_passage_printed_twice_is_kept_once(self):
        # seed 004 lines 709-746: the notice's head is printed again after its body starts
        block = [
            "关于印发《山东省精细化工产业高质量发展行动方案（2025—2027年）》的通知",
            "各市工业和信息化局、发展改革委（能源局）、财政局：",
            "",
            "现将《行动方案》印发给你们，请认真抓好贯彻落实。",
            "",
            "一、总体要求",
        ]
        out = clean(block + block + ["二、发展重点"])
        self.assertEqual(out.count("关于印发"), 1, out)
        self.assertTrue(out.rstrip().endswith("一、总体要求\n二、发展重点"), out)

    def test_one_repeated_line_is_kept_twice(self):
        # seed 002: two measures carry the same 说明 on purpose
        note = "说明：依据1号文“经国家、省、市评定”，每年支持10家。"
        src = ["10. 每年支持10个以上融合应用示范标杆项目", note, "11. 每年支持10个以上行业融合应用示范标杆项目", note]
        self.assertEqual(clean(src).count(note), 2)

    def test_sentence_cut_at_a_page_break_is_joined(self):
        src = ["对新认定的国家级工业互联网平台，按照平台建设投入给予最高不超过", "500万元奖励。"]
        self.assertEqual(clean(src), "对新认定的国家级工业互联网平台，按照平台建设投入给予最高不超过500万元奖励。\n")


if __name__ == "__main__":
    unittest.main()
